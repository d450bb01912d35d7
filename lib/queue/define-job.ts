/**
 * A job's contract: name, queue, payload schema, retry options and a deterministic id. Domain code
 * enqueues through the contract; workers/jobs/<name>.ts attaches the handler. Postgres stays the
 * source of truth: Redis only delivers work, and handlers re-read state before acting.
 */
import type { JobsOptions } from "bullmq";
import { z } from "zod";
import type { QueueName } from "./queues";

export type JobContract<S extends z.ZodType = z.ZodType, N extends string = string> = {
  /** Dotted and stable, e.g. "housekeeping.run". */
  name: N;
  queue: QueueName;
  schema: S;
  options: Pick<JobsOptions, "attempts" | "backoff" | "removeOnComplete" | "removeOnFail">;
  /**
   * Deterministic key of the work: enqueueing it again while a job with this key waits, is delayed
   * or runs yields that job (BullMQ deduplication id). The BullMQ job id is this key plus a unique
   * suffix, so a finished job — failed or completed — never blocks the next one. No ":".
   */
  jobId: (payload: z.output<S>) => string;
};

/** Keeps the name's literal type, so the workers' handler table can require one handler per job. */
export function defineJob<S extends z.ZodType, const N extends string>(contract: JobContract<S, N>): JobContract<S, N> {
  return contract;
}

const ONE_ATTEMPT = { attempts: 1, removeOnComplete: true, removeOnFail: 100 } as const;

/**
 * A job without payload of which one waits or runs at a time (its key is its name): a sweep or a
 * repeatable prompt. One attempt by default: its next turn is the retry.
 */
export function defineSingletonJob<const N extends string>({
  name,
  queue,
  options = ONE_ATTEMPT,
}: {
  name: N;
  queue: QueueName;
  options?: JobContract["options"];
}): JobContract<z.ZodObject<Record<string, never>, z.core.$strict>, N> {
  return { name, queue, schema: z.strictObject({}), options, jobId: () => name.replaceAll(".", "-") };
}
