import { describe, expect, it } from "vitest";
import { ReplayGuard } from "./replay-guard";
import { busKeyFrom, openMessage, sealMessage } from "./sealed";

const SECRETS = "ab".repeat(32);
const key = busKeyFrom(SECRETS);
const channel = "wharf:gw:gateway-a";
const message = {
  nodeId: "node1",
  message: { type: "command", id: "cmd1", command: "swarm.leave", payload: { force: false }, timeoutMs: 5000 },
};
const open = (sealed: string, over: Partial<Parameters<typeof openMessage>[0]> = {}) =>
  openMessage({ key, channel, sealed, maxAgeMs: 30_000, ...over });

describe("finding 1: sealed messages on the Redis bus", () => {
  it("opens what it sealed, on the same channel", () => {
    const opened = open(sealMessage({ key, channel, message }));
    expect(opened).toMatchObject({ ok: true, message });
  });

  it("is unreadable on Redis: neither the payload nor its ids appear in the sealed text", () => {
    const sealed = sealMessage({ key, channel, message: { ...message, secret: "SWMTKN-1-secret-join-token" } });
    expect(sealed).not.toMatch(/SWMTKN|node1|cmd1|swarm\.leave/);
  });

  it("refuses plain JSON (a forged command) and malformed text", () => {
    expect(open(JSON.stringify(message))).toEqual({ ok: false, reason: "malformed" });
    expect(open("wb1.x.y.z")).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a tampered message (any byte of nonce, tag or ciphertext)", () => {
    const sealed = sealMessage({ key, channel, message });
    const parts = sealed.split(".");
    for (const i of [1, 2, 3]) {
      const bytes = Buffer.from(parts[i] ?? "", "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      const tampered = parts.map((p, j) => (j === i ? bytes.toString("base64url") : p)).join(".");
      expect(open(tampered)).toEqual({ ok: false, reason: "forged" });
    }
  });

  it("refuses a message moved to another channel", () => {
    const sealed = sealMessage({ key, channel: "wharf:gw:gateway-b", message });
    expect(open(sealed)).toEqual({ ok: false, reason: "forged" });
  });

  it("refuses a message sealed with another key (another installation, or the at-rest key)", () => {
    expect(open(sealMessage({ key: busKeyFrom("cd".repeat(32)), channel, message }))).toEqual({ ok: false, reason: "forged" });
    expect(open(sealMessage({ key: Buffer.from(SECRETS, "hex"), channel, message }))).toEqual({ ok: false, reason: "forged" });
  });

  it("refuses a stale message, and one from too far in the future", () => {
    const now = Date.now();
    expect(open(sealMessage({ key, channel, message, now: now - 31_000 }), { now })).toEqual({ ok: false, reason: "stale" });
    expect(open(sealMessage({ key, channel, message, now: now + 31_000 }), { now })).toEqual({ ok: false, reason: "stale" });
    expect(open(sealMessage({ key, channel, message, now: now - 29_000 }), { now }).ok).toBe(true);
  });

  it("the derived bus key is not the at-rest key", () => {
    expect(key.equals(Buffer.from(SECRETS, "hex"))).toBe(false);
    expect(key).toHaveLength(32);
  });
});

describe("replay guard", () => {
  it("accepts an id once", () => {
    const guard = new ReplayGuard({ windowMs: 1000 });
    expect(guard.accept("a", 100, 100)).toBe(true);
    expect(guard.accept("a", 100, 150)).toBe(false);
    expect(guard.accept("b", 120, 150)).toBe(true);
  });

  it("forgets ids once they are too old to pass the age check anyway", () => {
    const guard = new ReplayGuard({ windowMs: 1000 });
    guard.accept("a", 0, 0);
    guard.accept("b", 1500, 1500);
    expect(guard.size).toBe(2);
    guard.accept("c", 2500, 2500);
    expect(guard.size).toBe(2); // "a" (sealed at 0) is pruned past 2 windows
  });

  it("stays bounded, and refuses anything at or below the newest forgotten entry", () => {
    const guard = new ReplayGuard({ windowMs: 60_000, capacity: 3 });
    for (const [i, id] of ["a", "b", "c", "d"].entries()) expect(guard.accept(id, 1000 + i, 2000)).toBe(true);
    expect(guard.size).toBe(3);
    expect(guard.accept("a", 1000, 2000)).toBe(false); // forgotten, but below the floor
    expect(guard.accept("e", 1000, 2000)).toBe(false);
    expect(guard.accept("f", 1010, 2000)).toBe(true);
  });
});
