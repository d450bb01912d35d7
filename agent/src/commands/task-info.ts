/**
 * A swarm task as services.status reports it, and the history trim: Docker keeps old tasks per
 * slot (per node for global services); only the latest few generations say anything useful.
 */
import type { TaskInfo } from "@/lib/protocol";
import type { SwarmTask } from "../docker/app-schemas";

export const TASKS_PER_SLOT = 10;

export function toTaskInfo(task: SwarmTask, serviceName: string): TaskInfo {
  const container = task.Status.ContainerStatus;
  const ports = new Map<string, TaskInfo["ports"][number]>();
  for (const port of task.Status.PortStatus?.Ports ?? []) {
    // only host-mode ports answer on the node's address; Docker 20.10 lists each one twice
    if (port.PublishMode !== "host" || !port.PublishedPort || !port.TargetPort) continue;
    const protocol = port.Protocol || "tcp";
    ports.set(`${port.PublishedPort}/${port.TargetPort}/${protocol}`, { published: port.PublishedPort, target: port.TargetPort, protocol });
  }
  return {
    id: task.ID,
    serviceId: task.ServiceID,
    serviceName,
    // global tasks have no slot (Docker sends 0 or nothing)
    slot: task.Slot ? task.Slot : null,
    nodeId: task.NodeID || null,
    state: task.Status.State,
    desiredState: task.DesiredState,
    message: task.Status.Message,
    error: task.Status.Err || null,
    exitCode: container?.ExitCode ?? null,
    containerId: container?.ContainerID || null,
    image: task.Spec.ContainerSpec?.Image ?? "",
    ports: [...ports.values()],
    createdAt: task.CreatedAt,
    updatedAt: task.UpdatedAt,
    ...(task.JobIteration ? { jobIteration: task.JobIteration.Index ?? 0 } : {}),
  };
}

/** At most `perSlot` tasks per slot (per node for global services), newest first. */
export function latestTasks(tasks: readonly SwarmTask[], perSlot = TASKS_PER_SLOT): SwarmTask[] {
  const groups = new Map<string, SwarmTask[]>();
  for (const task of tasks) {
    const key = task.Slot ? `${task.ServiceID}/${task.Slot}` : `${task.ServiceID}/node:${task.NodeID}`;
    const group = groups.get(key) ?? [];
    group.push(task);
    groups.set(key, group);
  }
  return [...groups.values()].flatMap((group) => group.sort(newestFirst).slice(0, perSlot));
}

export function newestFirst(a: SwarmTask, b: SwarmTask): number {
  // Docker's timestamps have a varying number of fraction digits: compare as times, not strings
  return Date.parse(b.CreatedAt) - Date.parse(a.CreatedAt) || b.ID.localeCompare(a.ID);
}
