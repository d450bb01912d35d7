/** The session cookie: httpOnly, SameSite=Lax, Secure over HTTPS (or as configured). */
import { env } from "@/lib/env";
import type { RequestInfo } from "./request-info";

export const SESSION_COOKIE = "wharf_session";

/**
 * A cookie's value, or null when absent. A value whose %-escapes do not decode is not a cookie we
 * ever set: it counts as absent (so a protected endpoint answers 401, never 500).
 */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

function secure(info: RequestInfo): boolean {
  return env.COOKIE_SECURE === "auto" ? info.https : env.COOKIE_SECURE === "true";
}

export function sessionCookie(token: string, expiresAt: Date, info: RequestInfo): string {
  const attrs = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure(info)) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearedSessionCookie(info: RequestInfo): string {
  const attrs = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure(info)) attrs.push("Secure");
  return attrs.join("; ");
}
