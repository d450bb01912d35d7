import type { JobContract } from "@/lib/queue/define-job";
import { getQueue } from "@/lib/queue/enqueue";
import { alertEventsRaiseJob, alertRulesSyncJob, applicationSweepJob, autoscalingEvaluateJob, clusterSweepJob, housekeepingJob, logHousekeepingJob, logSinksShipJob, nodeLivenessSweepJob, registryGcJob, registryRetentionSweepJob, notificationSweepJob, releaseSweepJob, trafficSweepJob, webhookSweepJob } from "@/lib/queue/jobs";
import { env } from "@/lib/env";

const SCHEDULES: Array<{ id: string; job: JobContract; everyMs: number; data: Record<string, unknown> }> = [
  { id: "housekeeping-hourly", job: housekeepingJob as unknown as JobContract, everyMs: 60 * 60_000, data: { reason: "schedule" } },
  { id: "nodes-liveness", job: nodeLivenessSweepJob as unknown as JobContract, everyMs: 5_000, data: {} },
  { id: "clusters-sweep", job: clusterSweepJob as unknown as JobContract, everyMs: 15_000, data: {} },
  { id: "applications-sweep", job: applicationSweepJob as unknown as JobContract, everyMs: 15_000, data: {} },
  { id: "traffic-sweep", job: trafficSweepJob as unknown as JobContract, everyMs: 5_000, data: {} },
  { id: "releases-sweep", job: releaseSweepJob as unknown as JobContract, everyMs: 1_000, data: {} },
  { id: "webhooks-sweep", job: webhookSweepJob as unknown as JobContract, everyMs: 60_000, data: {} },
  // Alert rules to Prometheus when they changed (also enqueued on every edit); event rules raised in Alertmanager.
  { id: "alerts-sync-rules", job: alertRulesSyncJob as unknown as JobContract, everyMs: 60_000, data: {} },
  { id: "alerts-raise-events", job: alertEventsRaiseJob as unknown as JobContract, everyMs: 5_000, data: {} },
  { id: "notifications-sweep", job: notificationSweepJob as unknown as JobContract, everyMs: 60_000, data: {} },
  // Log store: partitions ahead and retention every 15 minutes; sinks catch up every 5 seconds.
  { id: "logs-housekeeping", job: logHousekeepingJob as unknown as JobContract, everyMs: 15 * 60_000, data: {} },
  { id: "logs-ship-sinks", job: logSinksShipJob as unknown as JobContract, everyMs: 5_000, data: {} },
];

/** The evaluator's period is configuration (AUTOSCALING_EVALUATE_SECONDS), read when registering. */
const autoscalingSchedules = (): typeof SCHEDULES => [
  { id: "autoscaling-evaluate", job: autoscalingEvaluateJob as unknown as JobContract, everyMs: env.AUTOSCALING_EVALUATE_SECONDS * 1000, data: {} },
];

/**
 * Registry schedules depend on configuration (0 turns one off). A schedule turned off must also
 * stop in Redis, where the scheduler outlives restarts.
 */
function registrySchedules(): typeof SCHEDULES {
  return [
    { id: "registry-gc", job: registryGcJob as unknown as JobContract, everyMs: env.REGISTRY_GC_EVERY_HOURS * 3600_000, data: { reason: "schedule" } },
    { id: "registry-retention", job: registryRetentionSweepJob as unknown as JobContract, everyMs: env.REGISTRY_RETENTION_EVERY_MINUTES * 60_000, data: {} },
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
      { name: s.job.name, data: s.data, opts: { attempts: s.job.options.attempts, backoff: s.job.options.backoff, removeOnComplete: true, removeOnFail: 100 } },
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
