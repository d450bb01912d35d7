/**
 * Turns the engine's container list into the node's task snapshot (lib/protocol/task-report.ts):
 * one entry per Swarm task container that runs here, with its state for the load balancer, its
 * health and the host ports the engine published for it. Pure, and canonical (sorted, deduped),
 * so equal engine states give equal snapshots and the sender can skip what it already sent.
 */
import type { ProbeState } from "@/lib/protocol/probe";
import { MAX_REPORTED_TASKS, type ReportedTask, type TaskTrafficState } from "@/lib/protocol/task-report";
import { type ContainerPort, type TaskContainer } from "../docker/containers-api";
import { TASK_ID_LABEL, TASK_SERVICE_LABEL } from "../docker/object-labels";

type Health = ReportedTask["health"];
type Port = ReportedTask["ports"][number];

const MAX_PORTS = 64;
const MAX_TASK_ID = 64;
const MAX_SERVICE = 200;

/**
 * The list API has no health field; its status text carries it: "Up 5 seconds (health: starting)",
 * "Up 2 minutes (healthy)", "Up 3 minutes (unhealthy)". No suffix: the container has no health check.
 */
export function healthFromStatus(status: string): Health {
  if (/\(healthy\)/.test(status)) return "healthy";
  if (/\(unhealthy\)/.test(status)) return "unhealthy";
  if (/\(health: starting\)/.test(status)) return "starting";
  return "none";
}

/**
 * `stopping` wins (the engine was told to stop it: drain it whatever its health says); a paused
 * container or one whose health check has not passed cannot serve yet: `starting`.
 */
export function trafficState(container: TaskContainer, health: Health, stopping: boolean, probe?: ProbeState): TaskTrafficState {
  if (stopping) return "stopping";
  if (container.State === "paused" || health === "starting" || health === "unhealthy") return "starting";
  // a URL probe (agent/src/probes) that has not passed yet, or fails: out of the pools like an unhealthy check
  if (probe !== undefined && probe !== "passing") return "starting";
  return "running";
}

/**
 * Published ports only (PublicPort set), one entry per (target, published, protocol): an engine
 * with IPv6 lists each binding twice (0.0.0.0 and ::). SCTP has no place in a load balancer pool.
 */
export function publishedPorts(ports: readonly ContainerPort[]): Port[] {
  const byKey = new Map<string, Port>();
  // Docker 20.10 publishes an engine-chosen port separately for IPv4 and IPv6, and the two numbers
  // can differ (moby/moby#42442). Balancers reach nodes on their IPv4 address: where a port has an
  // IPv4 binding, the IPv6 one is not the task's (it may be a neighbour's number).
  const hasIpv4 = new Set(ports.filter((p) => p.PublicPort && !p.IP?.includes(":")).map((p) => `${p.PrivatePort}/${p.Type}`));
  for (const p of ports) {
    if (p.IP?.includes(":") && hasIpv4.has(`${p.PrivatePort}/${p.Type}`)) continue;
    if (!p.PublicPort || p.PublicPort < 1 || p.PublicPort > 65_535 || p.PrivatePort < 1 || p.PrivatePort > 65_535) continue;
    if (p.Type !== "tcp" && p.Type !== "udp") continue;
    const port: Port = { target: p.PrivatePort, published: p.PublicPort, protocol: p.Type };
    byKey.set(`${port.target}/${port.protocol}/${port.published}`, port);
  }
  return [...byKey.values()]
    .sort((a, b) => a.target - b.target || a.protocol.localeCompare(b.protocol) || a.published - b.published)
    .slice(0, MAX_PORTS);
}

/**
 * What the engine's events said about a container that its list may not show yet: `stopping` (a
 * kill: it was told to stop) or `gone` (it died or was destroyed — the list can still say
 * "running" for a moment after the `die` event, and a dead task must not come back into a pool).
 */
export type ContainerMark = "stopping" | "gone";

/** Task containers the load balancer may care about: those the engine runs (or paused). */
function isLive(container: TaskContainer): boolean {
  return container.State === "running" || container.State === "paused";
}

/**
 * The snapshot of these containers, with what the events said about them (`marks`, by container id)
 * and the probe state of those that declare a URL probe (`probes`, by container id).
 */
export function buildTaskSnapshot(
  containers: readonly TaskContainer[],
  marks: ReadonlyMap<string, ContainerMark>,
  probes: (containerId: string) => ProbeState | undefined = () => undefined,
): ReportedTask[] {
  const byTask = new Map<string, ReportedTask>();
  for (const container of containers) {
    const taskId = container.Labels[TASK_ID_LABEL];
    const service = container.Labels[TASK_SERVICE_LABEL];
    const mark = marks.get(container.Id);
    if (!taskId || taskId.length > MAX_TASK_ID || !service || !isLive(container) || mark === "gone") continue;
    if (byTask.has(taskId)) continue; // one container per task; a second would be a leftover
    const health = healthFromStatus(container.Status);
    const probe = probes(container.Id);
    byTask.set(taskId, {
      taskId,
      service: service.slice(0, MAX_SERVICE),
      state: trafficState(container, health, mark === "stopping", probe),
      health,
      ...(probe ? { probe } : {}),
      ports: publishedPorts(container.Ports),
    });
  }
  return [...byTask.values()].sort((a, b) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0)).slice(0, MAX_REPORTED_TASKS);
}
