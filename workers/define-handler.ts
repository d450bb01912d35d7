import type { z } from "zod";
import type { Logger } from "@/lib/logger";
import type { JobContract } from "@/lib/queue/define-job";

export type JobHandler<S extends z.ZodType = z.ZodType> = {
  contract: JobContract<S>;
  run: (args: { payload: z.output<S>; log: Logger; attempt: number }) => Promise<unknown>;
  /** Mirror each run into JobRun. Off for sweeps that run every few seconds. */
  record: boolean;
};

/** Pairs a job contract with the function that does the work (one domain call). */
export function defineHandler<S extends z.ZodType>(contract: JobContract<S>, run: JobHandler<S>["run"], options: { record?: boolean } = {}): JobHandler<S> {
  return { contract, run, record: options.record ?? true };
}
