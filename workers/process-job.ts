import type { Job } from "bullmq";
import { prisma, Prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import type { JobHandler } from "./define-handler";

/**
 * Runs one job: validates the payload again, mirrors the run into Postgres (JobRun) so history
 * outlives Redis, and lets BullMQ retry on error with the contract's backoff.
 */
export async function processJob(job: Job, handlers: Map<string, JobHandler>, workerId: string, log: Logger): Promise<unknown> {
  const handler = handlers.get(job.name);
  if (!handler) throw new Error(`No handler for job ${job.name}`);
  const jobLog = log.child({ jobId: job.id, job: job.name });
  const attempt = job.attemptsMade + 1;
  if (!handler.record) return handler.run({ payload: handler.contract.schema.parse(job.data), log: jobLog, attempt });
  const jobId = job.id ?? "unknown";
  // upsert: after a crash the same attempt can run again (stalled-job recovery).
  const run = await prisma.jobRun.upsert({
    where: { jobId_attempt: { jobId, attempt } },
    create: { queue: job.queueName, name: job.name, jobId, attempt, status: "RUNNING", worker: workerId },
    update: { status: "RUNNING", worker: workerId, startedAt: new Date(), error: null },
    select: { id: true },
  });
  try {
    const payload = handler.contract.schema.parse(job.data);
    const result = await handler.run({ payload, log: jobLog, attempt });
    await prisma.jobRun.update({
      where: { id: run.id },
      data: { status: "SUCCEEDED", finishedAt: new Date(), result: (result ?? Prisma.JsonNull) as Prisma.InputJsonValue },
    });
    return result;
  } catch (error) {
    jobLog.warn({ err: error, attempt }, "job failed");
    await prisma.jobRun.update({ where: { id: run.id }, data: { status: "FAILED", finishedAt: new Date(), error: String((error as Error).message ?? error).slice(0, 2000) } });
    throw error;
  }
}
