import type { JobContract } from "@/lib/queue/define-job";
import { getQueue } from "@/lib/queue/enqueue";
import {
  affinitySweepJob,
  alertEventsRaiseJob,
  alertRulesSyncJob,
  applicationSweepJob,
  autoscalingEvaluateJob,
  clusterSweepJob,
  housekeepingJob,
  jobSchedulesTickJob,
  logHousekeepingJob,
  logSinksShipJob,
  nodeLivenessSweepJob,
  registryGcJob,
  registryRetentionSweepJob,
  notificationSweepJob,
  releaseSweepJob,
  trafficSweepJob,
  webhookSweepJob,
} from "@/lib/queue/jobs";
import { env } from "@/lib/env";
import type { z } from "zod";

type Schedule = { id: string; job: JobContract; everyMs: number; data: Record<string, unknown> };

/** One schedule: its data is checked against the job's payload here, then the list holds them alike. */
function schedule<S extends z.ZodType>(id: string, job: JobContract<S>, everyMs: number, data: z.input<S>): Schedule {
  return { id, job: job as unknown as JobContract, everyMs, data: data as Record<string, unknown> };
}

const SCHEDULES: Schedule[] = [
  schedule("housekeeping-hourly", housekeepingJob, 60 * 60_000, { reason: "schedule" }),
  schedule("nodes-liveness", nodeLivenessSweepJob, 5_000, {}),
  schedule("clusters-sweep", clusterSweepJob, 15_000, {}),
  schedule("applications-sweep", applicationSweepJob, 15_000, {}),
  schedule("traffic-sweep", trafficSweepJob, 5_000, {}),
  // Affinity labels follow inventories and task reports as they arrive; this catches what was missed.
  schedule("affinity-sweep", affinitySweepJob, 30_000, {}),
  schedule("releases-sweep", releaseSweepJob, 1_000, {}),
  schedule("webhooks-sweep", webhookSweepJob, 60_000, {}),
  // Alert rules to Prometheus when they changed (also enqueued on every edit); event rules raised in Alertmanager.
  schedule("alerts-sync-rules", alertRulesSyncJob, 60_000, {}),
  schedule("alerts-raise-events", alertEventsRaiseJob, 5_000, {}),
  schedule("notifications-sweep", notificationSweepJob, 60_000, {}),
  // Log store: partitions ahead and retention every 15 minutes; sinks catch up every 5 seconds.
  schedule("logs-housekeeping", logHousekeepingJob, 15 * 60_000, {}),
  schedule("logs-ship-sinks", logSinksShipJob, 5_000, {}),
  // Job schedules (wharf.schedule) may have seconds: ticks are taken within about a second.
  schedule("job-schedules-tick", jobSchedulesTickJob, 1_000, {}),
];

/** The evaluator's period is configuration (AUTOSCALING_EVALUATE_SECONDS), read when registering. */
const autoscalingSchedules = (): Schedule[] => [
  schedule("autoscaling-evaluate", autoscalingEvaluateJob, env.AUTOSCALING_EVALUATE_SECONDS * 1000, {}),
];

/**
 * Registry schedules depend on configuration (0 turns one off). A schedule turned off must also
 * stop in Redis, where the scheduler outlives restarts.
 */
function registrySchedules(): Schedule[] {
  return [
    schedule("registry-gc", registryGcJob, env.REGISTRY_GC_EVERY_HOURS * 3600_000, { reason: "schedule" }),
    schedule("registry-retention", registryRetentionSweepJob, env.REGISTRY_RETENTION_EVERY_MINUTES * 60_000, {}),
  ];
}

/** Repeatable jobs (BullMQ job schedulers). Upserting is idempotent across restarts and replicas. */
export async function registerSchedules(): Promise<void> {
  const registry = registrySchedules();
  for (const s of registry) if (s.everyMs <= 0) await getQueue(s.job.queue).removeJobScheduler(s.id);
  for (const s of [...SCHEDULES, ...autoscalingSchedules(), ...registry.filter((r) => r.everyMs > 0)]) {
    await getQueue(s.job.queue).upsertJobScheduler(
      s.id,
      { every: s.everyMs },
      {
        name: s.job.name,
        data: s.data,
        opts: { attempts: s.job.options.attempts, backoff: s.job.options.backoff, removeOnComplete: true, removeOnFail: 100 },
      },
    );
  }
}

/**
 * The schedules Redis should hold and does not (lost with its data, until a worker re-asserts them).
 * The registry's are left out: whether they run is the workers' configuration, not the asker's.
 */
export async function missingSchedules(): Promise<string[]> {
  const expected = [...SCHEDULES, ...autoscalingSchedules()];
  const present = await Promise.all(expected.map((s) => getQueue(s.job.queue).getJobScheduler(s.id)));
  return expected.filter((_, i) => !present[i]).map((s) => s.id);
}
