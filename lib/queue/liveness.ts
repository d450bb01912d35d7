/**
 * Worker liveness in Redis: each worker process refreshes a key with a TTL; /api/health reads them.
 * Redis, not Postgres, because a heartbeat is ephemeral and would otherwise be a write every few seconds.
 */
import { redis, redisKey } from "@/lib/redis";

export type WorkerBeat = { id: string; host: string; pid: number; startedAt: string; at: string; queues: string[] };

export async function beat(info: Omit<WorkerBeat, "at">, intervalSeconds: number): Promise<void> {
  const value: WorkerBeat = { ...info, at: new Date().toISOString() };
  await redis().set(redisKey("workers", info.id), JSON.stringify(value), "EX", intervalSeconds * 3);
}

export async function forget(id: string): Promise<void> {
  await redis().del(redisKey("workers", id));
}

export async function liveWorkers(): Promise<WorkerBeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis().scan(cursor, "MATCH", redisKey("workers", "*"), "COUNT", 100);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis().mget(...keys);
  return values.flatMap((v) => (v ? [JSON.parse(v) as WorkerBeat] : []));
}
