import { getQueue } from "@/lib/queue/enqueue";
import { housekeepingJob } from "@/lib/queue/jobs";

/** Repeatable jobs (BullMQ job schedulers). Upserting is idempotent across restarts and replicas. */
export async function registerSchedules(): Promise<void> {
  await getQueue(housekeepingJob.queue).upsertJobScheduler(
    "housekeeping-hourly",
    { every: 60 * 60_000 },
    { name: housekeepingJob.name, data: { reason: "schedule" }, opts: { attempts: housekeepingJob.options.attempts, backoff: housekeepingJob.options.backoff } },
  );
}
