/**
 * The worker process: registers BullMQ workers for every queue, repeatable schedules and a
 * heartbeat, and shuts down cleanly on SIGTERM/SIGINT (active jobs finish; queued ones stay in
 * Redis for the next process). A SIGKILLed job is recovered by BullMQ's stalled-job check.
 */
import "dotenv/config";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Worker } from "bullmq";
import { prisma } from "@/lib/db";
import { assertEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { bullConnection, bullPrefix } from "@/lib/queue/connection";
import { closeQueues } from "@/lib/queue/enqueue";
import { beat, forget } from "@/lib/queue/liveness";
import { QUEUE_NAMES, queueConcurrency } from "@/lib/queue/queues";
import { redis } from "@/lib/redis";
import { HANDLERS } from "./handlers";
import { processJob } from "./process-job";
import { registerSchedules } from "@/lib/queue/schedules";

const SHUTDOWN_GRACE_MS = 15_000;
const SCHEDULES_REASSERT_MS = 10_000;

async function main() {
  const env = assertEnv();
  const workerId = `${env.WORKER_NAME ?? hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;
  const log = logger.child({ workerId });

  const workers = QUEUE_NAMES.map(
    (queue) =>
      new Worker(queue, (job) => processJob(job, HANDLERS, workerId, log), {
        connection: bullConnection(),
        prefix: bullPrefix(),
        concurrency: queueConcurrency(queue, env.WORKER_CONCURRENCY),
        lockDuration: env.WORKER_LOCK_SECONDS * 1000,
        stalledInterval: (env.WORKER_LOCK_SECONDS * 1000) / 2,
        maxStalledCount: 2,
      }),
  );
  for (const w of workers) w.on("error", (err) => log.error({ err, queue: w.name }, "worker error"));

  await registerSchedules();
  const info = { id: workerId, host: hostname(), pid: process.pid, startedAt: new Date().toISOString(), queues: [...QUEUE_NAMES] };
  await beat(info, env.WORKER_HEARTBEAT_SECONDS);
  const heartbeat = setInterval(() => {
    beat(info, env.WORKER_HEARTBEAT_SECONDS).catch((err: unknown) => log.warn({ err }, "heartbeat failed"));
  }, env.WORKER_HEARTBEAT_SECONDS * 1000);
  // Redis may lose everything (it keeps nothing on disk): the schedules live there, so they are
  // asserted again every 10 s, not only at start (upserting an unchanged schedule keeps its next run).
  const schedules = setInterval(() => {
    registerSchedules().catch((err: unknown) => log.warn({ err }, "re-asserting the schedules failed"));
  }, SCHEDULES_REASSERT_MS);
  log.info({ queues: QUEUE_NAMES, concurrency: env.WORKER_CONCURRENCY }, "workers started");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing active jobs");
    clearInterval(heartbeat);
    clearInterval(schedules);
    // Finish active jobs, but not forever: a job waiting on an unreachable node is released after
    // the grace period and retried by another worker once its lock expires.
    const graceful = Promise.all(workers.map((w) => w.close()));
    const timedOut = await Promise.race([
      graceful.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), SHUTDOWN_GRACE_MS)),
    ]);
    if (timedOut) {
      log.warn({ graceMs: SHUTDOWN_GRACE_MS }, "active jobs did not finish in time; releasing them");
      await Promise.all(workers.map((w) => w.close(true)));
    }
    await forget(workerId).catch(() => undefined);
    await closeQueues();
    await prisma.$disconnect();
    redis().disconnect();
    log.info("workers stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, "worker process failed to start");
  process.exit(1);
});
