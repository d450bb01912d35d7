/**
 * Who is calling from where: request id, client address, user agent, scheme. The client address is
 * the socket's peer as the edge hook recorded it (lib/http/edge-hook.ts); X-Forwarded-For, -Host and
 * -Proto count only when that peer is one of TRUSTED_PROXIES.
 */
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";
import { firstForwarded, proxyMatcher, resolveClientAddress } from "./client-address";
import { EDGE_HEADERS } from "./edge";

export type RequestInfo = {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** Whether the console is reached over HTTPS (decides the cookie's Secure flag in "auto"). */
  https: boolean;
};

export type ForwardedView = {
  /** The client's address: the peer, or what trusted proxies report. */
  ip: string | null;
  /** The host the client addressed: the Host header, or X-Forwarded-Host from a trusted proxy. */
  host: string | null;
  https: boolean;
};

export function forwardedView(req: Request): ForwardedView {
  const peer = req.headers.get(EDGE_HEADERS.peer);
  const isTrusted = proxyMatcher(env.TRUSTED_PROXIES);
  const trusted = peer !== null && isTrusted(peer);
  const ip = resolveClientAddress({
    peer,
    forwardedFor: req.headers.get("x-forwarded-for"),
    realIp: req.headers.get("x-real-ip"),
    isTrusted,
  });
  const proto = trusted ? firstForwarded(req.headers.get("x-forwarded-proto")) : null;
  return {
    ip,
    host: (trusted ? firstForwarded(req.headers.get("x-forwarded-host")) : null) ?? req.headers.get("host"),
    // Without a trusted proxy's word, the configured URL says how the console is meant to be reached.
    https: proto ? proto === "https" : new URL(env.PUBLIC_URL).protocol === "https:",
  };
}

export function requestInfo(req: Request): RequestInfo {
  const view = forwardedView(req);
  return {
    requestId: req.headers.get("x-request-id")?.slice(0, 64) || randomUUID(),
    ip: view.ip,
    userAgent: req.headers.get("user-agent")?.slice(0, 300) ?? null,
    https: view.https,
  };
}
