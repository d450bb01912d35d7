/**
 * What a node's agent reports about the Swarm task containers it runs, for the traffic layer:
 * which task of which service, whether it may take traffic, and the host ports the engine chose
 * for it (ports published in host mode without a fixed port). The gateway stores the latest
 * snapshot per node (NodeTasks) and the traffic sync turns snapshots into load-balancer pools.
 *
 * A snapshot is whole, never a delta: a lost or duplicated message cannot leave a pool wrong,
 * the next snapshot replaces everything the node said before.
 */
import { z } from "zod";
import { PROBE_STATES } from "./probe";

/**
 * `running`: the container runs and (if it has a health check) is healthy: it may take traffic.
 * `starting`: running but its health check has not passed yet (or it reports unhealthy).
 * `stopping`: the engine was told to stop it (a `kill` event, before `die`): drain it now.
 */
export const TASK_TRAFFIC_STATES = ["running", "starting", "stopping"] as const;
export type TaskTrafficState = (typeof TASK_TRAFFIC_STATES)[number];

export const reportedTaskSchema = z.object({
  /** com.docker.swarm.task.id */
  taskId: z.string().min(1).max(64),
  /** com.docker.swarm.service.name, e.g. "shop_web" (AppService.swarmName). */
  service: z.string().min(1).max(200),
  state: z.enum(TASK_TRAFFIC_STATES),
  /** Docker health status; "none" when the image or service declares no health check. */
  health: z.enum(["healthy", "unhealthy", "starting", "none"]),
  /** The agent's URL probe (./probe.ts), for tasks whose service declares one; a task whose probe is not passing is `starting`. */
  probe: z.enum(PROBE_STATES).optional(),
  /** Published host ports (engine-chosen or fixed) of this task's container. */
  ports: z
    .array(
      z.object({
        target: z.number().int().min(1).max(65_535),
        published: z.number().int().min(1).max(65_535),
        protocol: z.enum(["tcp", "udp"]),
      }),
    )
    .max(64),
});
export type ReportedTask = z.infer<typeof reportedTaskSchema>;

/** At most this many tasks per node snapshot (the control plane is sized for ~30 per node). */
export const MAX_REPORTED_TASKS = 2_000;

export const taskReportSchema = z.object({
  type: z.literal("tasks"),
  tasks: z.array(reportedTaskSchema).max(MAX_REPORTED_TASKS),
});
export type TaskReport = z.infer<typeof taskReportSchema>;

/**
 * A stored snapshot (NodeTasks.tasks) read back: reports are validated on receipt, and parsed again
 * here so a row written by an older version cannot break its readers; entries that do not parse are left out.
 */
export function storedTasks(value: unknown): ReportedTask[] {
  return (Array.isArray(value) ? value : []).flatMap((t): ReportedTask[] => {
    const parsed = reportedTaskSchema.safeParse(t);
    return parsed.success ? [parsed.data] : [];
  });
}

/** May this task receive new requests? */
export function takesTraffic(task: ReportedTask): boolean {
  return task.state === "running" && (task.health === "healthy" || task.health === "none");
}
