import { randomUUID } from "node:crypto";
import { z } from "zod";
import { busKeys } from "@/lib/agent-bus/keys";
import { publishSealed, subscribeSealed } from "@/lib/agent-bus/sealed";
import { prisma } from "@/lib/db";
import { applicationSweepJob } from "@/lib/queue/jobs";
import { liveWorkers, type WorkerBeat } from "@/lib/queue/liveness";
import { missingSchedules } from "@/lib/queue/schedules";
import { redis, redisKey } from "@/lib/redis";

type Probe = { ok: boolean; latencyMs: number; error?: string };

/** The applications sweep (the reconciler) runs every 15 s; this long without a run means it stopped. */
const RECONCILER_STALE_MS = 120_000;

async function probe(fn: () => Promise<unknown>, timeoutMs = 2000): Promise<Probe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** A sealed message published on the bus comes back to this process's subscriber (commands and results travel this way). */
async function busRoundTrip(): Promise<void> {
  const channel = redisKey("health", randomUUID());
  let arrived = false;
  const unsubscribe = await subscribeSealed(channel, z.literal("ping"), () => {
    arrived = true;
  });
  try {
    await publishSealed(channel, "ping");
    const deadline = Date.now() + 1_500;
    while (!arrived) {
      if (Date.now() > deadline) throw new Error("a published message did not come back within 1.5 s");
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await unsubscribe();
  }
}

/** When the reconciler last finished, and whether that is recent (or the workers only just started). */
async function reconcilerState(workers: WorkerBeat[]) {
  // Newest start first: the (name, startedAt) index answers it; a sweep takes well under a second.
  const last = await prisma.jobRun.findFirst({
    where: { name: applicationSweepJob.name, finishedAt: { not: null } },
    orderBy: { startedAt: "desc" },
    select: { finishedAt: true },
  });
  const lastRunAt = last?.finishedAt ?? null;
  const now = Date.now();
  const justStarted = workers.some((w) => now - Date.parse(w.startedAt) < RECONCILER_STALE_MS);
  const ok = (lastRunAt !== null && now - lastRunAt.getTime() < RECONCILER_STALE_MS) || justStarted;
  return { ok, lastRunAt: lastRunAt?.toISOString() ?? null };
}

/**
 * Liveness of what the control plane depends on: database, Redis, at least one worker, the
 * schedules in Redis (lost with its data until a worker re-asserts them), the reconciler's last run
 * and the bus (a publish that comes back). Any of them failing makes the status "degraded".
 */
export async function checkHealth() {
  const [database, redisProbe] = await Promise.all([probe(() => prisma.$queryRaw`select 1`), probe(() => redis().ping())]);
  const workers = redisProbe.ok ? await liveWorkers().catch(() => []) : [];
  const lastHeartbeatAt =
    workers
      .map((w) => w.at)
      .sort()
      .at(-1) ?? null;
  const worker = { ok: workers.length > 0, count: workers.length, lastHeartbeatAt };
  const [missing, bus, connectedNodes, reconciler] = await Promise.all([
    redisProbe.ok ? missingSchedules().catch(() => null) : null,
    redisProbe.ok ? probe(busRoundTrip) : ({ ok: false, latencyMs: 0, error: "Redis does not answer" } satisfies Probe),
    redisProbe.ok
      ? redis()
          .hlen(busKeys.nodeGateway())
          .catch(() => null)
      : null,
    database.ok ? reconcilerState(workers).catch(() => ({ ok: false, lastRunAt: null })) : { ok: false, lastRunAt: null },
  ]);
  const schedules = { ok: missing !== null && missing.length === 0, missing: missing ?? [] };
  const ok = database.ok && redisProbe.ok && worker.ok && schedules.ok && reconciler.ok && bus.ok;
  return {
    status: ok ? ("ok" as const) : ("degraded" as const),
    database,
    redis: redisProbe,
    workers: worker,
    schedules,
    reconciler,
    bus: { ...bus, connectedNodes },
    checkedAt: new Date().toISOString(),
  };
}
