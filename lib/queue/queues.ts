/** Queue names. One queue per area so concurrency can be tuned per kind of work. */
export const QUEUE_NAMES = ["housekeeping", "clusters", "applications", "registry", "webhooks", "traffic", "releases", "autoscaling", "alerts", "notifications", "logs"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
