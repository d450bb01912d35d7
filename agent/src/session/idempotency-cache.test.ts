import { describe, expect, it } from "vitest";
import { IdempotencyCache } from "./idempotency-cache";

describe("IdempotencyCache", () => {
  it("returns what was stored", () => {
    const cache = new IdempotencyCache<string>(3);
    cache.set("a", "A");
    expect(cache.get("a")).toBe("A");
    expect(cache.get("b")).toBeUndefined();
  });

  it("evicts the least recently used id past its capacity", () => {
    const cache = new IdempotencyCache<number>(3);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    cache.get("a"); // a is now the most recent
    cache.set("d", 4);
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c"), cache.get("d")]).toEqual([1, 3, 4]);
    expect(cache.size).toBe(3);
  });

  it("holds 1000 ids by default", () => {
    const cache = new IdempotencyCache<number>();
    for (let i = 0; i < 1500; i++) cache.set(`id-${i}`, i);
    expect(cache.size).toBe(1000);
    expect(cache.get("id-499")).toBeUndefined();
    expect(cache.get("id-500")).toBe(500);
  });

  it("refuses a capacity below one", () => {
    expect(() => new IdempotencyCache(0)).toThrow(RangeError);
  });
});
