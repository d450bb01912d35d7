import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AgentBudget, type BudgetSettings } from "./agent-budget";
import { Coalescer } from "./coalescer";
import { TokenBucket } from "./token-bucket";

const MiB = 1024 * 1024;
const defaults: BudgetSettings = {
  maxMessageBytes: 2 * MiB,
  bytesPerSecond: 8 * MiB,
  inventoryWriteMs: 2000,
  perMinute: { heartbeat: 120, inventory: 60, result: 1200, stream: 6000, tasks: 1200, metrics: 60, logs: 1200 },
};

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("token bucket", () => {
  it("allows a burst of its capacity, then refills at its rate", () => {
    const c = clock();
    const bucket = new TokenBucket(3, 1, c.now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    c.advance(999);
    expect(bucket.take()).toBe(false);
    c.advance(1);
    expect(bucket.take()).toBe(true);
  });

  it("never holds more than its capacity", () => {
    const c = clock();
    const bucket = new TokenBucket(2, 10, c.now);
    c.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it("take is all or nothing", () => {
    const bucket = new TokenBucket(5, 1, clock().now);
    expect(bucket.take(6)).toBe(false);
    expect(bucket.take(5)).toBe(true);
  });

  it("borrow goes into debt and says how long until it is paid", () => {
    const c = clock();
    const bucket = new TokenBucket(100, 100, c.now);
    expect(bucket.borrow(100)).toBe(0);
    expect(bucket.borrow(50)).toBe(500);
    c.advance(500);
    expect(bucket.borrow(0)).toBe(0);
  });
});

describe("finding 5d: per-connection budgets of an agent", () => {
  it("200 inventories in one second go over the inventory budget", () => {
    const c = clock();
    const budget = new AgentBudget(defaults, c.now);
    const verdicts = Array.from({ length: 200 }, () => (c.advance(5), budget.message("inventory")));
    const firstRefusal = verdicts.findIndex((v) => v !== null);
    expect(firstRefusal).toBeGreaterThanOrEqual(60);
    expect(firstRefusal).toBeLessThan(62);
    expect(verdicts[firstRefusal]).toMatch(/over budget: more than 60 inventory messages a minute/);
  });

  it("a real agent stays within every budget: an hour of heartbeats every 10 s, an inventory a minute, deploy bursts and log streams", () => {
    const c = clock();
    const budget = new AgentBudget(defaults, c.now);
    const refusals: string[] = [];
    const check = (v: string | null) => v && refusals.push(v);
    for (let second = 0; second < 3600; second++) {
      if (second % 10 === 0) check(budget.message("heartbeat"));
      if (second % 60 === 0) check(budget.message("inventory"));
      // a deploy every 5 minutes: 100 commands answered within 10 s, each followed by a changed inventory in the first 20
      if (second % 300 < 10) for (let i = 0; i < 10; i++) check(budget.message("result"));
      if (second % 300 === 0) for (let i = 0; i < 20; i++) check(budget.message("inventory"));
      // 20 log streams at once, each flushing every 200 ms (and a 10,000-line tail at the start: 50 messages)
      if (second === 0) for (let i = 0; i < 20 * 50; i++) check(budget.message("stream"));
      for (let i = 0; i < 20 * 5; i++) check(budget.message("stream"));
      c.advance(1000);
    }
    expect(refusals).toEqual([]);
  });

  it("task snapshots: a real agent's busiest minutes pass (one per 50 ms), a flood of them is refused", () => {
    const c = clock();
    const budget = new AgentBudget(defaults, c.now);
    // ten minutes of constant container churn: a snapshot every 50 ms (the agent's debounce) and the 30 s re-send
    const busy = Array.from(
      { length: 10 * 60 * 20 },
      (_, i) => (c.advance(50), [budget.message("tasks"), i % 600 === 0 ? budget.message("tasks") : null]),
    );
    expect(busy.flat().filter(Boolean)).toEqual([]);
    const flood = Array.from({ length: 3000 }, () => (c.advance(1), budget.message("tasks")));
    expect(flood.find((v) => v !== null)).toMatch(/over budget: more than 1200 tasks messages a minute/);
  });

  it("bytes: a burst of 2 s of budget reads on; beyond it the connection pauses for the debt, never longer", () => {
    const c = clock();
    const budget = new AgentBudget(defaults, c.now);
    const waits = Array.from({ length: 30 }, () => budget.frame(2 * MiB));
    expect(waits.slice(0, 8).every((w) => w === 0)).toBe(true);
    expect(waits[8]).toBe(250);
    expect(Math.max(...waits)).toBeLessThanOrEqual((22 * 2 * 1000) / 8);
  });
});

describe("coalesced inventory writes", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  /** A coalescer on the fake clock, 2 s apart, recording what it writes. */
  const recording = <T>() => {
    const writes: T[] = [];
    const coalescer = new Coalescer<T>(
      2000,
      (v) => writes.push(v),
      () => Date.now(),
    );
    return { writes, coalescer };
  };

  it("writes the first at once, then at most one per interval, the latest winning", () => {
    const { writes, coalescer } = recording<number>();
    for (let i = 1; i <= 200; i++) {
      coalescer.offer(i);
      vi.advanceTimersByTime(5);
    }
    expect(writes).toEqual([1]);
    vi.advanceTimersByTime(2000);
    expect(writes).toEqual([1, 200]);
    vi.advanceTimersByTime(10_000);
    expect(writes).toEqual([1, 200]);
    coalescer.offer(201);
    expect(writes).toEqual([1, 200, 201]);
  });

  it("take() hands back the value still waiting and cancels its write", () => {
    const { writes, coalescer } = recording<string>();
    coalescer.ran();
    coalescer.offer("a");
    coalescer.offer("b");
    expect(coalescer.take()).toBe("b");
    vi.advanceTimersByTime(5000);
    expect(writes).toEqual([]);
  });
});
