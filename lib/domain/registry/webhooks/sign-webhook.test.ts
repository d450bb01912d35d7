import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./sign-webhook";

describe("webhook signatures", () => {
  const body = JSON.stringify({ event: "image.push", data: { tag: "v1" } });

  it("is HMAC-SHA256 over '<timestamp>.<body>', hex, prefixed sha256=", () => {
    const expected = createHmac("sha256", "s3cret").update(`1700000000.${body}`).digest("hex");
    expect(signWebhook("s3cret", 1_700_000_000, body)).toBe(`sha256=${expected}`);
  });

  it("verifies, and refuses other secrets, altered bodies and old timestamps", () => {
    const signature = signWebhook("s3cret", 1_700_000_000, body);
    const base = { secret: "s3cret", timestamp: "1700000000", body, signature, now: 1_700_000_100 };
    expect(verifyWebhookSignature(base)).toBe(true);
    expect(verifyWebhookSignature({ ...base, secret: "other" })).toBe(false);
    expect(verifyWebhookSignature({ ...base, body: `${body} ` })).toBe(false);
    expect(verifyWebhookSignature({ ...base, now: 1_700_001_000 })).toBe(false);
  });
});
