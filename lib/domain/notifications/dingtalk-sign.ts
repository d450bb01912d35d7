/**
 * DingTalk robots with the "sign" security setting: the request URL carries `timestamp` (ms) and
 * `sign` = URL-encoded base64 of HMAC-SHA256(key = secret, message = timestamp + "\n" + secret),
 * as DingTalk documents for custom robots. DingTalk refuses a timestamp more than an hour off. Pure.
 */
import { createHmac } from "node:crypto";

export function dingtalkSignature(secret: string, timestampMs: number): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

/** The robot URL with timestamp and sign added (URLSearchParams does the URL encoding). */
export function signedDingtalkUrl(url: string, secret: string, timestampMs: number): string {
  const u = new URL(url);
  u.searchParams.set("timestamp", String(timestampMs));
  u.searchParams.set("sign", dingtalkSignature(secret, timestampMs));
  return u.toString();
}
