/** Every job contract, in one place. */
import { z } from "zod";
import { defineJob, defineSingletonJob } from "./define-job";

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

/**
 * Bring a cluster's swarm in line with the database: initialise it, relay joins, apply node labels,
 * availability and roles, remove nodes. One id per cluster: triggers while one waits are merged.
 */
export const clusterReconcileJob = defineJob({
  name: "cluster.reconcile",
  queue: "clusters",
  schema: z.strictObject({ clusterId: z.string().min(1).max(40) }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: true, removeOnFail: 1000 },
  jobId: (p) => `cluster-reconcile-${p.clusterId}`,
});

/** Marks nodes Unreachable / Down from heartbeat age (repeatable, every few seconds). */
export const nodeLivenessSweepJob = defineSingletonJob({ name: "nodes.sweep-liveness", queue: "clusters" });

/** Finds clusters whose swarm differs from the database and enqueues their reconcile. */
export const clusterSweepJob = defineSingletonJob({ name: "clusters.sweep", queue: "clusters" });

/**
 * Runs an application's queued deployments one at a time, oldest first. One job id per application:
 * a trigger while the job waits is merged; the sweep catches deployments left QUEUED.
 */
export const applicationDeployJob = defineJob({
  name: "application.deploy",
  queue: "applications",
  schema: z.strictObject({ applicationId: z.string().min(1).max(40) }),
  options: { attempts: 10, backoff: { type: "exponential", delay: 1_000 }, removeOnComplete: true, removeOnFail: 1000 },
  jobId: (p) => `app-deploy-${p.applicationId}`,
});

/** Compares an application's services with the cluster and repairs drift (a service deleted by hand...). */
export const applicationReconcileJob = defineJob({
  name: "application.reconcile",
  queue: "reconciliation",
  schema: z.strictObject({ applicationId: z.string().min(1).max(40) }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
  jobId: (p) => `app-reconcile-${p.applicationId}`,
});

/** Enqueues reconciles for running applications and deployments left QUEUED (repeatable). */
export const applicationSweepJob = defineSingletonJob({ name: "applications.sweep", queue: "applications" });

/** Registry garbage collection (runs through the registry runner's maintenance socket). One at a time. */
export const registryGcJob = defineJob({
  name: "registry.gc",
  queue: "registry",
  schema: z.strictObject({ reason: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
  options: { attempts: 3, backoff: { type: "exponential", delay: 30_000 }, removeOnComplete: true, removeOnFail: true },
  jobId: () => "registry-gc",
});

/** Applies one organisation's retention rules (deletes the tags no rule keeps). */
export const registryRetentionRunJob = defineJob({
  name: "registry.retention-run",
  queue: "registry",
  schema: z.strictObject({ orgId: z.string().min(1).max(40) }),
  options: { attempts: 3, backoff: { type: "exponential", delay: 10_000 }, removeOnComplete: true, removeOnFail: true },
  jobId: (p) => `registry-retention-${p.orgId}`,
});

/** Enqueues a retention run for every organisation with enabled rules (repeatable). */
export const registryRetentionSweepJob = defineSingletonJob({ name: "registry.retention-sweep", queue: "registry" });

/** Delivers one outgoing webhook; retried with exponential backoff (2 s, 4 s, 8 s …), 6 attempts. */
export const webhookDeliverJob = defineJob({
  name: "webhook.deliver",
  queue: "webhooks",
  schema: z.strictObject({ deliveryId: z.string().min(1).max(40) }),
  options: { attempts: 6, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: true, removeOnFail: true },
  jobId: (p) => `webhook-delivery-${p.deliveryId}`,
});

/** Re-enqueues deliveries left PENDING (e.g. Redis was down when they were created). */
export const webhookSweepJob = defineSingletonJob({ name: "webhooks.sweep", queue: "webhooks" });

/**
 * Makes every load balancer of a cluster match its tasks. One key per cluster; a change that lands
 * while a sync runs is not lost to the merge: it bumped Cluster.trafficRequested in PostgreSQL,
 * and the sync runs again until trafficSynced catches up (the sweep catches the rest).
 */
export const trafficSyncJob = defineJob({
  name: "traffic.sync",
  queue: "traffic",
  schema: z.strictObject({ clusterId: z.string().min(1).max(40) }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 500 }, removeOnComplete: true, removeOnFail: 1000 },
  jobId: (p) => `traffic-sync-${p.clusterId}`,
});

/** Enqueues a sync for every cluster whose pools may be stale (a safety net, every few seconds). */
export const trafficSweepJob = defineSingletonJob({ name: "traffic.sweep", queue: "traffic" });

/**
 * Makes a cluster's affinity node labels (wharf.image.*, wharf.svc.*) match the agents' inventories
 * and task reports (lib/domain/affinity). One key per cluster: triggers while one waits are merged.
 */
export const affinitySyncJob = defineJob({
  name: "affinity.sync",
  queue: "affinity",
  schema: z.strictObject({ clusterId: z.string().min(1).max(40) }),
  options: { attempts: 3, backoff: { type: "exponential", delay: 1_000 }, removeOnComplete: true, removeOnFail: 100 },
  jobId: (p) => `affinity-sync-${p.clusterId}`,
});

/** Enqueues an affinity label sync for every cluster with swarm nodes (the backstop, every 30 s). */
export const affinitySweepJob = defineSingletonJob({ name: "affinity.sweep", queue: "affinity" });

/**
 * One turn of a release's state machine (lib/domain/releases). The state lives in PostgreSQL and a
 * lease there keeps turns of one release apart; the job is only the prompt, merged per release.
 */
export const releaseAdvanceJob = defineJob({
  name: "release.advance",
  queue: "releases",
  schema: z.strictObject({ releaseId: z.string().min(1).max(40) }),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
  jobId: (p) => `release-advance-${p.releaseId}`,
});

/** Prompts a turn of every active release (every second: canary holds and drains are timed in seconds). */
export const releaseSweepJob = defineSingletonJob({ name: "releases.sweep", queue: "releases" });

/**
 * Evaluates every autoscaling rule that is due (lib/domain/autoscaling). Repeatable, every
 * AUTOSCALING_EVALUATE_SECONDS; breach counts, cooldowns and a per-rule lease live in PostgreSQL.
 */
export const autoscalingEvaluateJob = defineSingletonJob({ name: "autoscaling.evaluate", queue: "autoscaling" });

/**
 * Writes the organisations' metric alert rules into Prometheus' rules directory and reloads it
 * when they changed (lib/domain/alerts). Enqueued after a rule changes; also repeatable.
 */
export const alertRulesSyncJob = defineSingletonJob({
  name: "alerts.sync-rules",
  queue: "alerts",
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: true, removeOnFail: 100 },
});

/**
 * Raises (and resolves) Wharf's event alerts in Alertmanager: nodes unreachable, failed deployments
 * and releases, autoscaling at its maximum, registry storage, load-balancer figures; and records
 * the alerts a silence holds back. Repeatable, every few seconds.
 */
export const alertEventsRaiseJob = defineSingletonJob({ name: "alerts.raise-events", queue: "alerts" });

/** Sends one notification to one channel; retried with exponential backoff (2 s, 4 s, 8 s …), 6 attempts. */
export const notificationDeliverJob = defineJob({
  name: "notification.deliver",
  queue: "notifications",
  schema: z.strictObject({ deliveryId: z.string().min(1).max(40) }),
  options: { attempts: 6, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: true, removeOnFail: true },
  jobId: (p) => `notification-delivery-${p.deliveryId}`,
});

/** Re-enqueues notifications left PENDING (their job was lost with Redis). */
export const notificationSweepJob = defineSingletonJob({ name: "notifications.sweep", queue: "notifications" });

/**
 * Log store housekeeping (lib/domain/logs/log-retention.ts): partitions made ahead, days past
 * LOG_TTL_MAX_DAYS dropped, lines past their store's retention deleted. Repeatable.
 */
export const logHousekeepingJob = defineSingletonJob({
  name: "logs.housekeeping",
  queue: "logs",
  options: { attempts: 3, backoff: { type: "exponential", delay: 5_000 }, removeOnComplete: true, removeOnFail: 100 },
});

/** Ships newly stored lines to every enabled log sink from its cursor (lib/domain/logs/sinks). Repeatable. */
export const logSinksShipJob = defineSingletonJob({ name: "logs.ship-sinks", queue: "logs" });

/**
 * Takes the job schedules whose next tick has passed (lib/domain/service-jobs): one ServiceRun per
 * (service, tick) whatever the number of workers, then the run's job. Repeatable, every second.
 */
export const jobSchedulesTickJob = defineSingletonJob({ name: "job-schedules.tick", queue: "job-schedules" });

/** Starts one run of a job-mode service (a force update) and records its outcome, exit code and logs. */
export const serviceRunJob = defineJob({
  name: "service-run.execute",
  queue: "service-runs",
  schema: z.strictObject({ runId: z.string().min(1).max(40) }),
  options: { attempts: 5, backoff: { type: "exponential", delay: 2_000 }, removeOnComplete: true, removeOnFail: 1000 },
  jobId: (p) => `service-run-${p.runId}`,
});

/** Every job contract: the workers run a handler for each name (workers/handlers.ts). */
export const ALL_JOBS = [
  housekeepingJob,
  clusterReconcileJob,
  nodeLivenessSweepJob,
  clusterSweepJob,
  applicationDeployJob,
  applicationReconcileJob,
  applicationSweepJob,
  registryGcJob,
  registryRetentionRunJob,
  registryRetentionSweepJob,
  webhookDeliverJob,
  webhookSweepJob,
  trafficSyncJob,
  trafficSweepJob,
  affinitySyncJob,
  affinitySweepJob,
  releaseAdvanceJob,
  releaseSweepJob,
  autoscalingEvaluateJob,
  alertRulesSyncJob,
  alertEventsRaiseJob,
  notificationDeliverJob,
  notificationSweepJob,
  logHousekeepingJob,
  logSinksShipJob,
  jobSchedulesTickJob,
  serviceRunJob,
] as const;

export type JobName = (typeof ALL_JOBS)[number]["name"];
