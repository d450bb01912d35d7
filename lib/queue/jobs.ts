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
export const nodeLivenessSweepJob = defineJob({
  name: "nodes.sweep-liveness",
  queue: "clusters",
  schema: z.strictObject({}),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
  jobId: () => "nodes-sweep-liveness",
});

/** Finds clusters whose swarm differs from the database and enqueues their reconcile. */
export const clusterSweepJob = defineJob({
  name: "clusters.sweep",
  queue: "clusters",
  schema: z.strictObject({}),
  options: { attempts: 1, removeOnComplete: true, removeOnFail: 100 },
  jobId: () => "clusters-sweep",
});

export const JOBS = [housekeepingJob, clusterReconcileJob, nodeLivenessSweepJob, clusterSweepJob] as const;
