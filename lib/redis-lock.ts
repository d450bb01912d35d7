/**
 * A Redis lock (SET NX PX + compare-and-delete) that serialises work on one thing across worker
 * processes, e.g. one reconcile per cluster at a time. The TTL bounds how long a crashed holder
 * can block others.
 */
import { randomUUID } from "node:crypto";
import { redis, redisKey } from "./redis";

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export class LockBusyError extends Error {}

/**
 * Locks are kept alive while their work runs, so the TTL only bounds how long a crashed holder
 * (a SIGKILLed worker) blocks the next one.
 */
export const LOCK_TTL_MS = 30_000;

/**
 * How long a waiting caller tries: longer than the TTL, so that a lock a crashed holder left
 * lapses while the caller still waits, plus the few seconds a live holder's work takes.
 */
export const LOCK_WAIT_MS = LOCK_TTL_MS + 30_000;

const RETRY_MS = 250;

type LockOptions = {
  /** Wait for a busy lock (up to `waitMs`) rather than throw LockBusyError at once. */
  wait?: boolean;
  waitMs?: number;
};

async function acquire(key: string, token: string, { wait = false, waitMs = LOCK_WAIT_MS }: LockOptions): Promise<boolean> {
  const deadline = Date.now() + (wait ? waitMs : 0);
  for (;;) {
    if ((await redis().set(key, token, "PX", LOCK_TTL_MS, "NX")) === "OK") return true;
    if (Date.now() + RETRY_MS > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

export async function withLock<T>(name: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const key = redisKey("lock", name);
  const token = randomUUID();
  if (!(await acquire(key, token, options))) throw new LockBusyError(`${name} is locked by another process`);
  // Keep the lock while the work runs longer than expected; stop extending once done.
  const keepAlive = setInterval(() => void redis().eval(EXTEND, 1, key, token, String(LOCK_TTL_MS)), LOCK_TTL_MS / 3);
  try {
    return await fn();
  } finally {
    clearInterval(keepAlive);
    await redis().eval(RELEASE, 1, key, token);
  }
}
