/** Who is calling from where: request id, client address, user agent, scheme. */
import { randomUUID } from "node:crypto";

export type RequestInfo = {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** Whether the console is reached over HTTPS (decides the cookie's Secure flag in "auto"). */
  https: boolean;
};

export function requestInfo(req: Request): RequestInfo {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || req.headers.get("x-real-ip") || null;
  const proto = req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", "");
  return {
    requestId: req.headers.get("x-request-id")?.slice(0, 64) || randomUUID(),
    ip: ip ? ip.replace(/^::ffff:/, "") : null,
    userAgent: req.headers.get("user-agent")?.slice(0, 300) ?? null,
    https: proto === "https",
  };
}
