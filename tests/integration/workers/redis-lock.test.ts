/**
 * The Redis lock that serialises work across worker processes, against the suite's real Redis:
 * a lock a crashed holder left (its key, with no process behind it to release or extend it) is
 * refused at once to a caller that does not wait, and outlasted by one that does; two waiting
 * callers take turns.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { redis, redisKey } from "@/lib/redis";
import { LOCK_TTL_MS, LOCK_WAIT_MS, LockBusyError, withLock } from "@/lib/redis-lock";

/** What a SIGKILLed holder leaves behind: the key, lapsing after `ms`, that nobody releases. */
async function crashedHolder(name: string, ms: number): Promise<void> {
  expect(await redis().set(redisKey("lock", name), "a-dead-worker", "PX", ms, "NX")).toBe("OK");
}

describe("withLock", () => {
  it("refuses a lock a crashed holder left, at once, to a caller that does not wait", async () => {
    const name = `test-lock:${randomUUID()}`;
    await crashedHolder(name, 5_000);
    let ran = false;
    await expect(withLock(name, async () => (ran = true))).rejects.toBeInstanceOf(LockBusyError);
    expect(ran).toBe(false);
  });

  it("waits until a crashed holder's lock lapses, then runs", async () => {
    const name = `test-lock:${randomUUID()}`;
    await crashedHolder(name, 1_500);
    const started = Date.now();
    expect(await withLock(name, async () => "ran", { wait: true })).toBe("ran");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(await redis().exists(redisKey("lock", name)), "released after the work").toBe(0);
  });

  it("gives up with LockBusyError when the wait ends first", async () => {
    const name = `test-lock:${randomUUID()}`;
    await crashedHolder(name, 5_000);
    await expect(withLock(name, async () => "ran", { wait: true, waitMs: 600 })).rejects.toBeInstanceOf(LockBusyError);
  });

  it("by default, a waiting caller outlasts the longest a crashed holder can block (the TTL)", () => {
    expect(LOCK_WAIT_MS).toBeGreaterThan(LOCK_TTL_MS);
  });

  it("two waiting callers take turns: their work never overlaps", async () => {
    const name = `test-lock:${randomUUID()}`;
    const log: string[] = [];
    const work = (who: string) =>
      withLock(
        name,
        async () => {
          log.push(`${who} in`);
          await new Promise((resolve) => setTimeout(resolve, 400));
          log.push(`${who} out`);
        },
        { wait: true },
      );
    await Promise.all([work("a"), work("b")]);
    expect([log.slice(0, 2), log.slice(2)].every(([a, b]) => a?.endsWith(" in") && b === a.replace(" in", " out"))).toBe(true);
  });
});
