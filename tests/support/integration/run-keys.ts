/** This test run's Redis keys (REDIS_PREFIX): the only ones a test or its teardown may delete. */
import { Redis } from "ioredis";

/** Deletes every key of the run's prefix on the test stage's Redis; returns how many went. */
export async function deleteRunKeys(prefix: string, url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"): Promise<number> {
  const r = new Redis(url);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await r.del(...keys);
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
  return deleted;
}
