/** Every job contract, in one place. */
import { z } from "zod";
import { defineJob } from "./define-job";

export const housekeepingJob = defineJob({
  name: "housekeeping.run",
  queue: "housekeeping",
  schema: z.strictObject({
    /** Why it runs: "schedule-<slot>" for the repeatable run, or a caller-chosen label. */
    reason: z.string().regex(/^[a-z0-9-]{1,80}$/),
  }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  jobId: (p) => `housekeeping-${p.reason}`,
});

export const JOBS = [housekeepingJob] as const;
