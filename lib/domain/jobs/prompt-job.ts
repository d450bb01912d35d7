/**
 * Enqueues a job that only prompts work a sweep also finds (a sync, a release's next turn). It runs
 * after the change that calls for it has committed, so a Redis outage is logged, not thrown: the
 * caller's change stands and the sweep will run the job.
 */
import type { z } from "zod";
import type { Logger } from "@/lib/logger";
import type { JobContract } from "@/lib/queue/define-job";
import { enqueue } from "@/lib/queue/enqueue";

export type PromptJobOptions<S extends z.ZodType> = {
  job: JobContract<S>;
  /** The job's payload, which the warning carries too. */
  payload: z.input<S> & Record<string, string>;
  /** What was not enqueued ("traffic sync"), for the warning. */
  what: string;
  log?: Logger;
};

export async function promptJob<S extends z.ZodType>({ job, payload, what, log }: PromptJobOptions<S>): Promise<void> {
  try {
    await enqueue(job, payload);
  } catch (error) {
    const fields: Record<string, string> = { ...payload, error: error instanceof Error ? error.message : String(error) };
    log?.warn(fields, `${what} not enqueued; the sweep will run it`);
  }
}
