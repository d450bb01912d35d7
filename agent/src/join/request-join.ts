/**
 * Exchanges a join token for this node's credential (POST /v1/join). A refusal with the gateway's
 * error body becomes a GatewayRefusedError; network errors and 5xx become GatewayUnavailableError,
 * which the caller retries.
 */
import { gatewayErrorSchema, joinResponseSchema, PROTOCOL_VERSION, type Inventory, type JoinResponse } from "@/lib/protocol";
import { parseGatewayRefusal } from "../util/gateway-refusal";
import { postJson } from "./post-json";

export class GatewayUnavailableError extends Error {
  override name = "GatewayUnavailableError";
}

export type RequestJoinOptions = {
  joinUrl: string;
  token: string;
  agentVersion: string;
  inventory: Inventory;
  ca?: string[];
  signal?: AbortSignal;
};

export async function requestJoin({ joinUrl, token, agentVersion, inventory, ca, signal }: RequestJoinOptions): Promise<JoinResponse> {
  let response;
  try {
    response = await postJson({ url: joinUrl, body: { token, protocolVersion: PROTOCOL_VERSION, agentVersion, inventory }, ca, signal });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GatewayUnavailableError(`cannot reach the gateway at ${joinUrl}: ${detail}`, { cause: error });
  }
  if (response.status === 200) {
    const parsed = joinResponseSchema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    throw new GatewayUnavailableError(`the gateway at ${joinUrl} answered 200 with an unexpected body`);
  }
  if (response.status >= 400 && response.status < 500) {
    throw parseGatewayRefusal(response.status, response.text, {
      refused: "the control plane refused to join this node",
      // a 4xx without our error body is a proxy or a wrong URL: worth telling, not worth retrying
      unexpected: (text) => `unexpected answer from ${joinUrl}: ${text.slice(0, 200) || "empty body"} (is --url the gateway's address?)`,
    });
  }
  const error = gatewayErrorSchema.safeParse(response.body);
  throw new GatewayUnavailableError(
    `the gateway at ${joinUrl} answered ${response.status}${error.success ? `: ${error.data.error.message}` : ""}`,
  );
}
