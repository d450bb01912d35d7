/**
 * Metrics the agent samples on its node (every METRICS_INTERVAL_SECONDS, default 10) and sends as
 * one batch: the node's own usage plus one sample per container of a Wharf service. Rates are per
 * second over the interval since the previous sample; the first sample of a container reports 0.
 *
 * Organisation, cluster and node are never taken from the agent: the gateway adds them from the
 * connection's credential, so an agent can only ever label its own node's series.
 */
import { z } from "zod";

/** At most this many containers per batch (the control plane is sized for ~30 per node). */
export const MAX_METRIC_CONTAINERS = 2_000;

const rate = z.number().nonnegative().max(1e13);
const bytes = z.number().nonnegative().max(1e15);

export const containerSampleSchema = z.object({
  /** Container id, first 12 characters (as `docker ps` shows it). */
  container: z.string().min(1).max(64),
  /** com.docker.swarm.task.id */
  task: z.string().min(1).max(64),
  /** com.docker.swarm.service.name, e.g. "shop_web" or "shop_web_green" during a release. */
  swarmService: z.string().min(1).max(200),
  /** The container's wharf.app and wharf.service labels (the compose file's names). */
  application: z.string().min(1).max(200),
  service: z.string().min(1).max(200),
  /** Replica slot (com.docker.swarm.task.name "<svc>.<slot>.<id>"); null for global services. */
  slot: z.number().int().nonnegative().nullable(),
  /** CPU use over the interval as a percentage of the container's CPU limit, or of one core without a limit (as `docker stats`). */
  cpuPercent: z.number().nonnegative().max(100_000),
  /** As `docker stats` counts it: the cgroup's usage minus its inactive page cache. */
  memoryUsedBytes: bytes,
  /** The container's memory limit; the node's memory when it has none (or a larger one). */
  memoryLimitBytes: bytes,
  networkRxBytesPerSecond: rate,
  networkTxBytesPerSecond: rate,
  blockReadBytesPerSecond: rate,
  blockWriteBytesPerSecond: rate,
  /** Earlier containers of the same task slot that exited with a non-zero code (Swarm replaces rather than restarts). */
  restarts: z.number().int().nonnegative().max(1_000_000),
  health: z.enum(["healthy", "unhealthy", "starting", "none"]),
});
export type ContainerSample = z.infer<typeof containerSampleSchema>;

export const nodeSampleSchema = z.object({
  cpuPercent: z.number().min(0).max(100),
  memoryUsedBytes: bytes,
  memoryTotalBytes: bytes,
  load1: z.number().nonnegative(),
  networkRxBytesPerSecond: rate,
  networkTxBytesPerSecond: rate,
  /** Running containers of Wharf services on the node (not the engine's other containers). */
  containersRunning: z.number().int().nonnegative(),
});
export type NodeSample = z.infer<typeof nodeSampleSchema>;

export const metricsMessageSchema = z.object({
  type: z.literal("metrics"),
  /** When the sample was taken (ms since the epoch, the agent's clock). */
  at: z.number().int().nonnegative(),
  intervalSeconds: z.number().int().min(1).max(3600),
  node: nodeSampleSchema,
  containers: z.array(containerSampleSchema).max(MAX_METRIC_CONTAINERS),
});
export type MetricsMessage = z.infer<typeof metricsMessageSchema>;
