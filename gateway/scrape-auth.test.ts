import { describe, expect, it } from "vitest";
import { isLoopback, scrapeVerdict } from "./scrape-auth";

const TOKEN = "scrape-token-0123456789abcdef";

describe("who may scrape the gateway's /metrics", () => {
  it("with a token: the bearer token, from anywhere; anything else is unauthenticated", () => {
    expect(scrapeVerdict({ token: TOKEN, authorization: `Bearer ${TOKEN}`, peer: "192.0.2.9" })).toBe("ok");
    expect(scrapeVerdict({ token: TOKEN, authorization: `bearer ${TOKEN}`, peer: "192.0.2.9" })).toBe("ok");
    for (const authorization of [undefined, "", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, "Bearer "]) {
      expect(scrapeVerdict({ token: TOKEN, authorization, peer: "127.0.0.1" }), String(authorization)).toBe("unauthenticated");
    }
  });

  it("without a token: loopback peers only", () => {
    expect(scrapeVerdict({ token: undefined, authorization: undefined, peer: "127.0.0.1" })).toBe("ok");
    expect(scrapeVerdict({ token: undefined, authorization: undefined, peer: "::ffff:127.0.0.1" })).toBe("ok");
    expect(scrapeVerdict({ token: undefined, authorization: undefined, peer: "::1" })).toBe("ok");
    for (const peer of ["10.0.0.1", "::ffff:10.0.0.1", "127.example", "fe80::1", "1127.0.0.1", undefined]) {
      expect(scrapeVerdict({ token: undefined, authorization: "Bearer anything", peer }), String(peer)).toBe("forbidden");
    }
  });

  it("recognises loopback addresses", () => {
    expect(["127.0.0.1", "127.255.1.2", "::1", "::FFFF:127.0.0.1"].every(isLoopback)).toBe(true);
    expect(["128.0.0.1", "::2", "0.0.0.0", ""].some(isLoopback)).toBe(false);
  });
});
