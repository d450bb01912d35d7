import type { JobContract } from "@/lib/queue/define-job";
import { getQueue } from "@/lib/queue/enqueue";
import { clusterSweepJob, housekeepingJob, nodeLivenessSweepJob } from "@/lib/queue/jobs";

const SCHEDULES: Array<{ id: string; job: JobContract; everyMs: number; data: Record<string, unknown> }> = [
  { id: "housekeeping-hourly", job: housekeepingJob as unknown as JobContract, everyMs: 60 * 60_000, data: { reason: "schedule" } },
  { id: "nodes-liveness", job: nodeLivenessSweepJob as unknown as JobContract, everyMs: 5_000, data: {} },
  { id: "clusters-sweep", job: clusterSweepJob as unknown as JobContract, everyMs: 15_000, data: {} },
];

/** Repeatable jobs (BullMQ job schedulers). Upserting is idempotent across restarts and replicas. */
export async function registerSchedules(): Promise<void> {
  for (const s of SCHEDULES) {
    await getQueue(s.job.queue).upsertJobScheduler(
      s.id,
      { every: s.everyMs },
      { name: s.job.name, data: s.data, opts: { attempts: s.job.options.attempts, backoff: s.job.options.backoff, removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
