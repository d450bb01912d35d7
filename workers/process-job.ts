import type { Job } from "bullmq";
import { recordJobRun } from "@/lib/domain/jobs/record-job-run";
import type { Logger } from "@/lib/logger";
import type { AnyJobHandler } from "./define-handler";

/**
 * Runs one job: validates the payload again, mirrors the run into Postgres (JobRun) so history
 * outlives Redis, and lets BullMQ retry on error with the contract's backoff.
 */
export async function processJob(job: Job, handlers: ReadonlyMap<string, AnyJobHandler>, workerId: string, log: Logger): Promise<unknown> {
  const handler = handlers.get(job.name);
  if (!handler) throw new Error(`No handler for job ${job.name}`);
  const jobLog = log.child({ jobId: job.id, job: job.name });
  const attempt = job.attemptsMade + 1;
  if (!handler.record) return handler.runJob({ data: job.data, log: jobLog, attempt });
  const run = await recordJobRun({ queue: job.queueName, name: job.name, jobId: job.id ?? "unknown", attempt, worker: workerId });
  try {
    const result = await handler.runJob({ data: job.data, log: jobLog, attempt });
    await run.succeeded(result);
    return result;
  } catch (error) {
    jobLog.warn({ err: error, attempt }, "job failed");
    await run.failed(error);
    throw error;
  }
}
