/**
 * Webhook signatures. Each delivery carries
 *   X-Wharf-Timestamp: <unix seconds>
 *   X-Wharf-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * Receivers recompute the HMAC over the raw body, compare in constant time and reject old
 * timestamps (replays). Pure.
 */
import { createHmac } from "node:crypto";
import { safeEqual } from "@/lib/crypto";

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function verifyWebhookSignature(o: {
  secret: string;
  timestamp: string;
  body: string;
  signature: string;
  toleranceSeconds?: number;
  now?: number;
}): boolean {
  const ts = Number(o.timestamp);
  if (!Number.isInteger(ts)) return false;
  if (Math.abs((o.now ?? Date.now() / 1000) - ts) > (o.toleranceSeconds ?? 300)) return false;
  return safeEqual(signWebhook(o.secret, ts, o.body), o.signature);
}
