/**
 * Redis connections (ioredis). BullMQ needs `maxRetriesPerRequest: null` on connections used by
 * workers; the shared client is for short commands (rate limits, liveness, pub/sub publishing).
 */
import { Redis, type RedisOptions } from "ioredis";
import { envValue } from "./env";

export function createRedis(options: RedisOptions = {}): Redis {
  return new Redis(envValue("REDIS_URL"), { maxRetriesPerRequest: null, lazyConnect: false, ...options });
}

const globalForRedis = globalThis as unknown as { wharfRedis?: Redis };

/** The process-wide client for short commands. */
export function redis(): Redis {
  globalForRedis.wharfRedis ??= createRedis({ maxRetriesPerRequest: 2 });
  return globalForRedis.wharfRedis;
}

/** Every key Wharf writes is under this prefix, so installs can share one Redis. */
export function redisKey(...parts: string[]): string {
  return [envValue("REDIS_PREFIX"), ...parts].join(":");
}
