/**
 * A refusal from the gateway: an HTTP error answer to the join request or to the WebSocket upgrade,
 * read from the gateway's error body when it sent one (a proxy or a wrong URL does not).
 */
import { gatewayErrorSchema, type GatewayError } from "@/lib/protocol";

export type GatewayErrorCode = GatewayError["error"]["code"];

export class GatewayRefusedError extends Error {
  override name = "GatewayRefusedError";
  /** `refused` says what was refused, e.g. "the gateway refused the connection". */
  constructor(
    readonly status: number,
    readonly code: GatewayErrorCode | null,
    readonly gatewayMessage: string,
    refused: string,
  ) {
    super(`${refused} (HTTP ${status}${code ? ` ${code}` : ""}): ${gatewayMessage}`);
  }
}

export type RefusalWording = {
  /** What was refused, starting the error's message. */
  refused: string;
  /** The message for a body that is not the gateway's error; gets the body with whitespace runs collapsed to one space. */
  unexpected: (text: string) => string;
};

export function parseGatewayRefusal(status: number, body: string, wording: RefusalWording): GatewayRefusedError {
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON: a proxy or load balancer answered
  }
  const parsed = gatewayErrorSchema.safeParse(json);
  if (parsed.success) return new GatewayRefusedError(status, parsed.data.error.code, parsed.data.error.message, wording.refused);
  return new GatewayRefusedError(status, null, wording.unexpected(body.replace(/\s+/g, " ")), wording.refused);
}
