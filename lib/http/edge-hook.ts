/**
 * The edge hook: runs for every HTTP request the Next.js server accepts, before Next.js parses it
 * (Node's `http.server.request.start` diagnostics channel, subscribed from instrumentation.ts, which
 * Next.js runs in the serving process before it takes requests). Route handlers never see the
 * socket, so this is where the peer address is captured; see edgeRewrite for the rest.
 */
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { EDGE_HEADERS, edgeRewrite } from "./edge";

const INSTALLED = Symbol.for("wharf.edgeHook");

type RequestStart = { request: IncomingMessage; socket: Socket };

export function onRequestStart(message: unknown): void {
  const { request, socket } = message as RequestStart;
  for (const name of Object.values(EDGE_HEADERS)) delete request.headers[name];
  const rewrite = edgeRewrite({ method: request.method ?? "GET", target: request.url ?? "/", peer: socket.remoteAddress ?? null });
  Object.assign(request.headers, rewrite.headers);
  request.method = rewrite.method;
}

/** Idempotent (development reloads may run instrumentation again). */
export function installEdgeHook(): void {
  const g = globalThis as { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  subscribe("http.server.request.start", onRequestStart);
}
