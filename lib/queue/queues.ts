/**
 * Queue names. One queue per area so concurrency can be tuned per kind of work, and so background
 * checks never hold the slots of work a person is waiting for: an application's drift check
 * ("reconciliation") waits on its cluster's manager, up to a command's timeout when that manager
 * has just gone, and four such checks used to hold every slot a deployment needed.
 */
export const QUEUE_NAMES = [
  "housekeeping",
  "clusters",
  "applications",
  "reconciliation",
  "registry",
  "webhooks",
  "traffic",
  "affinity",
  "releases",
  "autoscaling",
  "alerts",
  "notifications",
  "logs",
  // the tick has its own queue: runs wait on their jobs and must never hold up the next tick
  "job-schedules",
  "service-runs",
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Slots per worker process, as a multiple of WORKER_CONCURRENCY. A drift check mostly waits on a
 * remote manager (one per application, de-duplicated), so a cluster that has just gone can hold a
 * few slots for a command's timeout without delaying the checks of the applications that are up.
 */
const CONCURRENCY_FACTOR: Partial<Record<QueueName, number>> = { reconciliation: 4 };

export function queueConcurrency(queue: QueueName, workerConcurrency: number): number {
  return workerConcurrency * (CONCURRENCY_FACTOR[queue] ?? 1);
}
