/**
 * Swarm replaces a failed task with a new task (a new container) in the same slot rather than
 * restarting its container, so a container's own restart count is always 0. A task's "restarts"
 * are the earlier containers of its slot still on this node that exited with a non-zero code and
 * ran the same image: a rolling update that changes the image stops the old containers (often
 * with 137 or 143), which is not a failure. The engine keeps the containers of the task history
 * (5 tasks per slot by default), so the count is bounded by it, and tasks that failed on another
 * node are not seen here.
 */
import { TASK_NAME_LABEL, TASK_SERVICE_LABEL } from "../docker/object-labels";
import type { ServiceContainer } from "./service-containers";

export type TaskSlot = {
  /** "<swarm service>.<slot or node id>": the same for every task of one slot. */
  key: string;
  /** The replica slot; null for a global service's task (whose name carries the node id). */
  slot: number | null;
};

/** From com.docker.swarm.task.name "<swarm service>.<slot>.<task id>" (the service name may contain dots). */
export function taskSlot(labels: Readonly<Record<string, string>>): TaskSlot | null {
  const name = labels[TASK_NAME_LABEL];
  const service = labels[TASK_SERVICE_LABEL];
  if (!name || !service || !name.startsWith(`${service}.`)) return null;
  const rest = name.slice(service.length + 1).split(".");
  if (rest.length !== 2 || !rest[0]) return null;
  const slot = /^\d{1,9}$/.test(rest[0]) ? Number(rest[0]) : null;
  return { key: `${service}.${rest[0]}`, slot };
}

/** "Exited (137) 5 minutes ago" → 137; null for anything that is not an exit. */
export function exitCode(status: string): number | null {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** Failed earlier containers per (slot, image): look a running container up with `restartKey`. */
export function countFailedBySlot(containers: readonly ServiceContainer[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const container of containers) {
    const code = container.State === "exited" ? exitCode(container.Status) : null;
    if (code === null || code === 0) continue;
    const slot = taskSlot(container.Labels);
    if (!slot) continue;
    const key = restartKey(slot, container);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function restartKey(slot: TaskSlot, container: Pick<ServiceContainer, "ImageID">): string {
  return `${slot.key}\n${container.ImageID}`;
}
