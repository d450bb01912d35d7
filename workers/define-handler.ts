import type { z } from "zod";
import type { Logger } from "@/lib/logger";
import type { JobContract } from "@/lib/queue/define-job";

export type JobHandler<S extends z.ZodType = z.ZodType, N extends string = string> = {
  contract: JobContract<S, N>;
  run: (args: { payload: z.output<S>; log: Logger; attempt: number }) => Promise<unknown>;
  /** Mirror each run into JobRun. Off for sweeps that run every few seconds. */
  record: boolean;
  /** Validates the job's data against the contract again, then runs: what the worker calls. */
  runJob: (args: { data: unknown; log: Logger; attempt: number }) => Promise<unknown>;
};

/** Any job's handler, as the worker holds them (by name); its payload type stays inside runJob. */
export type AnyJobHandler = { contract: { name: string }; record: boolean; runJob: JobHandler["runJob"] };

/** Pairs a job contract with the function that does the work (one domain call). */
export function defineHandler<S extends z.ZodType, N extends string>(
  contract: JobContract<S, N>,
  run: JobHandler<S, N>["run"],
  options: { record?: boolean } = {},
): JobHandler<S, N> {
  return {
    contract,
    run,
    record: options.record ?? true,
    runJob: ({ data, log, attempt }) => run({ payload: contract.schema.parse(data), log, attempt }),
  };
}
