/**
 * The compact container part of a heartbeat: counts, and running tasks per swarm service (keyed
 * by the task container's com.docker.swarm.service.name label).
 */
import type { ContainerReport } from "@/lib/protocol";
import type { ContainerSummary } from "../docker/engine-schemas";

export const SERVICE_LABEL = "com.docker.swarm.service.name";
const MAX_SERVICES = 500;

export function containerReport(containers: readonly ContainerSummary[]): ContainerReport {
  let running = 0;
  let unhealthy = 0;
  const perService = new Map<string, number>();
  for (const container of containers) {
    if (container.State !== "running") continue;
    running++;
    // the list API has no health field; the status text ends in "(unhealthy)"
    if (/\(unhealthy\)/.test(container.Status)) unhealthy++;
    const service = container.Labels[SERVICE_LABEL];
    if (service) perService.set(service.slice(0, 200), (perService.get(service.slice(0, 200)) ?? 0) + 1);
  }
  // the protocol caps the map; keep the biggest services if a node ever runs more
  const services = Object.fromEntries([...perService].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_SERVICES));
  return { running, total: containers.length, unhealthy, services };
}
