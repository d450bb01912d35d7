/**
 * Opens the agent's WebSocket to the gateway (TLS verified, optional extra CA) and adapts it to
 * SessionSocket. A refused upgrade is read (status + gateway error body) into a
 * GatewayRefusedError; pings detect a dead peer that never sent a close frame.
 */
import WebSocket from "ws";
import { AGENT_HEADERS, PROTOCOL_VERSION } from "@/lib/protocol";
import { parseGatewayRefusal, type GatewayRefusedError } from "../util/gateway-refusal";
import type { SessionSocket } from "./session";

export type OpenGatewaySocketOptions = {
  url: string;
  credential: string;
  agentVersion: string;
  /** CA certificates to trust (system roots plus --ca-file); undefined = system roots. */
  ca?: string[];
  signal?: AbortSignal;
  handshakeTimeoutMs?: number;
  pingIntervalMs?: number;
};

export type OpenGatewaySocket = (options: OpenGatewaySocketOptions) => Promise<SessionSocket>;

const MAX_ERROR_BODY = 64 * 1024;
const TERMINATE_AFTER_CLOSE_MS = 3_000;

export const openGatewaySocket: OpenGatewaySocket = (options) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(options.url, {
      headers: {
        authorization: `Bearer ${options.credential}`,
        [AGENT_HEADERS.protocol]: String(PROTOCOL_VERSION),
        [AGENT_HEADERS.agentVersion]: options.agentVersion,
      },
      ca: options.ca,
      // explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn verification off
      rejectUnauthorized: true,
      handshakeTimeout: options.handshakeTimeoutMs ?? 15_000,
      maxPayload: 16 * 1024 * 1024,
      perMessageDeflate: false,
      followRedirects: false,
    });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      ws.terminate();
      reject(error);
    };
    const onAbort = () => fail(new Error("connect aborted"));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // always listening: an 'error' event without a listener would crash the process
    ws.on("error", (error) => fail(error));
    ws.on("unexpected-response", (request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < MAX_ERROR_BODY) body += chunk;
      });
      response.on("end", () => {
        fail(refusal(response.statusCode ?? 0, body));
        request.destroy();
      });
      response.on("error", () => fail(refusal(response.statusCode ?? 0, body)));
    });
    ws.once("open", () => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener("abort", onAbort);
      resolve(adapt(ws, options.pingIntervalMs ?? 20_000));
    });
  });

/** The gateway answered the upgrade with an HTTP error instead of switching protocols. */
function refusal(status: number, body: string): GatewayRefusedError {
  return parseGatewayRefusal(status, body, {
    refused: "the gateway refused the connection",
    unexpected: (text) => text.trim().slice(0, 200) || "no error body",
  });
}

/** Buffers events until the session registers its listeners (it may attach a tick after open). */
function adapt(ws: WebSocket, pingIntervalMs: number): SessionSocket {
  let messageListener: ((text: string) => void) | null = null;
  let closeListener: ((code: number, reason: string) => void) | null = null;
  const pendingMessages: string[] = [];
  let pendingClose: { code: number; reason: string } | null = null;
  let killer: NodeJS.Timeout | undefined;
  let alive = true;

  const pinger = setInterval(() => {
    if (!alive) return ws.terminate(); // no pong since the last ping: the peer is gone
    alive = false;
    if (ws.readyState === WebSocket.OPEN) ws.ping();
  }, pingIntervalMs);

  ws.on("pong", () => (alive = true));
  ws.on("message", (data, isBinary) => {
    alive = true;
    if (isBinary) return; // the protocol is JSON text frames only
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString("utf8")
      : Buffer.isBuffer(data)
        ? data.toString("utf8")
        : Buffer.from(data).toString("utf8");
    if (messageListener) messageListener(text);
    else pendingMessages.push(text);
  });
  ws.on("close", (code, reason) => {
    clearInterval(pinger);
    clearTimeout(killer);
    const event = { code, reason: reason.toString("utf8") };
    if (closeListener) closeListener(event.code, event.reason);
    else pendingClose = event;
  });

  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => {
      ws.close(code, reason);
      // a peer that never answers the close frame must not keep the agent waiting
      killer ??= setTimeout(() => ws.terminate(), TERMINATE_AFTER_CLOSE_MS);
    },
    onMessage: (listener) => {
      messageListener = listener;
      for (const text of pendingMessages.splice(0)) listener(text);
    },
    onClose: (listener) => {
      closeListener = listener;
      if (pendingClose) listener(pendingClose.code, pendingClose.reason);
    },
  };
}
