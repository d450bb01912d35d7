/**
 * The compact container part of a heartbeat: counts, and running tasks per swarm service (keyed
 * by the task container's com.docker.swarm.service.name label).
 */
import type { ContainerReport } from "@/lib/protocol";
import { TASK_SERVICE_LABEL } from "../docker/object-labels";
import type { ContainerSummary } from "../docker/engine-schemas";
import { healthFromStatus } from "../traffic/task-snapshot";

const MAX_SERVICES = 500;

export function containerReport(containers: readonly ContainerSummary[]): ContainerReport {
  let running = 0;
  let unhealthy = 0;
  const perService = new Map<string, number>();
  for (const container of containers) {
    if (container.State !== "running") continue;
    running++;
    if (healthFromStatus(container.Status) === "unhealthy") unhealthy++;
    const service = container.Labels[TASK_SERVICE_LABEL];
    if (service) perService.set(service.slice(0, 200), (perService.get(service.slice(0, 200)) ?? 0) + 1);
  }
  // the protocol caps the map; keep the biggest services if a node ever runs more
  const services = Object.fromEntries([...perService].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_SERVICES));
  return { running, total: containers.length, unhealthy, services };
}
