import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import type { z } from "zod";
import type { JobContract } from "./define-job";
import { bullConnection, bullPrefix } from "./connection";
import type { QueueName } from "./queues";

const globalForQueues = globalThis as unknown as { wharfQueues?: Map<QueueName, Queue> };

export function getQueue(name: QueueName): Queue {
  globalForQueues.wharfQueues ??= new Map();
  let queue = globalForQueues.wharfQueues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: bullConnection(), prefix: bullPrefix() });
    globalForQueues.wharfQueues.set(name, queue);
  }
  return queue;
}

/** A job id unique to this enqueue: the contract's key plus a time-ordered suffix (no ":"). */
function uniqueJobId(key: string): string {
  return `${key}-${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;
}

/**
 * Enqueue only after the transaction that wrote the work's row has committed. The payload is
 * validated here and again when the job runs.
 *
 * The contract's deterministic key de-duplicates through BullMQ's deduplication id, not through
 * the job id: while a job with that key waits, is delayed (between retries too) or runs, adding
 * the same work returns that job. Once it completed or failed for good, the key is free and the
 * next add runs. With the key as the job id, a job that failed all its attempts (or a completed
 * one kept for history) silently swallowed every later add (issue 9, finding 5f).
 */
export async function enqueue<S extends z.ZodType>(job: JobContract<S>, payload: z.input<S>, opts: { delay?: number } = {}) {
  const data = job.schema.parse(payload);
  const key = job.jobId(data);
  return getQueue(job.queue).add(job.name, data, { ...job.options, jobId: uniqueJobId(key), deduplication: { id: key }, ...opts });
}

export async function closeQueues(): Promise<void> {
  const queues = [...(globalForQueues.wharfQueues?.values() ?? [])];
  globalForQueues.wharfQueues?.clear();
  await Promise.all(queues.map((q) => q.close()));
}
