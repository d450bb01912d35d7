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
const LOCK_TTL_MS = 30_000;

export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const key = redisKey("lock", name);
  const token = randomUUID();
  const ok = await redis().set(key, token, "PX", LOCK_TTL_MS, "NX");
  if (ok !== "OK") throw new LockBusyError(`${name} is locked by another process`);
  // Keep the lock while the work runs longer than expected; stop extending once done.
  const keepAlive = setInterval(() => void redis().eval(EXTEND, 1, key, token, String(LOCK_TTL_MS)), LOCK_TTL_MS / 3);
  try {
    return await fn();
  } finally {
    clearInterval(keepAlive);
    await redis().eval(RELEASE, 1, key, token);
  }
}
