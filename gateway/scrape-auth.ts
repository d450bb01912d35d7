/**
 * Who may read GET /metrics: every organisation's series are in it, so only Wharf's Prometheus.
 * With METRICS_SCRAPE_TOKEN set, a request must carry `Authorization: Bearer <token>` (compared in
 * constant time, whatever the lengths); without it, only loopback peers are answered. The peer is
 * the socket's address, never a forwarded header: a proxy in front of the gateway needs the token.
 */
import { createHash, timingSafeEqual } from "node:crypto";

export type ScrapeVerdict = "ok" | "unauthenticated" | "forbidden";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}

export function scrapeVerdict({
  token,
  authorization,
  peer,
}: {
  token: string | undefined;
  authorization: string | undefined;
  peer: string | undefined;
}): ScrapeVerdict {
  if (!token) return isLoopback(peer) ? "ok" : "forbidden";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!presented) return "unauthenticated";
  return timingSafeEqual(digest(presented), digest(token)) ? "ok" : "unauthenticated";
}

/** The error body of a refused scrape (same shape as the gateway's other errors). */
export function scrapeRefusal(verdict: Exclude<ScrapeVerdict, "ok">) {
  const message =
    verdict === "forbidden"
      ? "GET /metrics answers loopback peers only while METRICS_SCRAPE_TOKEN is unset"
      : "GET /metrics needs Authorization: Bearer <METRICS_SCRAPE_TOKEN>";
  return { status: verdict === "forbidden" ? 403 : 401, body: { error: { code: "INVALID_CREDENTIAL" as const, message } } };
}
