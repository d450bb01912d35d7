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

/**
 * Enqueue only after the transaction that wrote the work's row has committed. The payload is
 * validated here and again when the job runs.
 */
export async function enqueue<S extends z.ZodType>(job: JobContract<S>, payload: z.input<S>, opts: { delay?: number } = {}) {
  const data = job.schema.parse(payload);
  return getQueue(job.queue).add(job.name, data, { ...job.options, jobId: job.jobId(data), ...opts });
}

export async function closeQueues(): Promise<void> {
  const queues = [...(globalForQueues.wharfQueues?.values() ?? [])];
  globalForQueues.wharfQueues?.clear();
  await Promise.all(queues.map((q) => q.close()));
}
