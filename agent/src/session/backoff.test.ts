import { describe, expect, it } from "vitest";
import { Backoff } from "./backoff";

describe("Backoff", () => {
  it("doubles from 0.5 s up to 10 s without jitter at the midpoint", () => {
    const backoff = new Backoff({ random: () => 0.5 });
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000, 10000]);
    expect(backoff.attempts).toBe(9);
  });

  it("spreads each delay by ±30 %", () => {
    expect(new Backoff({ random: () => 0 }).next()).toBe(350);
    expect(new Backoff({ random: () => 0.999999 }).next()).toBe(650);
    const capped = new Backoff({ random: () => 0.999999, initialMs: 10_000 });
    expect(capped.next()).toBe(13_000);
  });

  it("stays within the jitter bounds with real randomness", () => {
    const backoff = new Backoff();
    for (let i = 0; i < 20; i++) {
      const base = Math.min(10_000, 500 * 2 ** i);
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(base * 0.7 - 1);
      expect(delay).toBeLessThanOrEqual(base * 1.3 + 1);
    }
  });

  it("starts over after reset", () => {
    const backoff = new Backoff({ random: () => 0.5 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(500);
  });

  it("rejects nonsense settings", () => {
    expect(() => new Backoff({ jitter: 1 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
  });
});
