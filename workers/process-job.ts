import type { Job } from "bullmq";
import { recordJobRun } from "@/lib/domain/jobs/record-job-run";
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
  const run = await recordJobRun({ queue: job.queueName, name: job.name, jobId: job.id ?? "unknown", attempt, worker: workerId });
  try {
    const payload = handler.contract.schema.parse(job.data);
    const result = await handler.run({ payload, log: jobLog, attempt });
    await run.succeeded(result);
    return result;
  } catch (error) {
    jobLog.warn({ err: error, attempt }, "job failed");
    await run.failed(error);
    throw error;
  }
}
