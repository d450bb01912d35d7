import { prisma } from "@/lib/db";
import { liveWorkers } from "@/lib/queue/liveness";
import { redis } from "@/lib/redis";

type Probe = { ok: boolean; latencyMs: number; error?: string };

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<Probe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)))]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness of what the control plane depends on: database, Redis and at least one worker. */
export async function checkHealth() {
  const [database, redisProbe] = await Promise.all([probe(() => prisma.$queryRaw`select 1`), probe(() => redis().ping())]);
  const workers = redisProbe.ok ? await liveWorkers().catch(() => []) : [];
  const lastHeartbeatAt = workers.map((w) => w.at).sort().at(-1) ?? null;
  const worker = { ok: workers.length > 0, count: workers.length, lastHeartbeatAt };
  const ok = database.ok && redisProbe.ok && worker.ok;
  return { status: ok ? ("ok" as const) : ("degraded" as const), database, redis: redisProbe, workers: worker, checkedAt: new Date().toISOString() };
}
