/**
 * HAProxy's servers next to the task containers of the bench's machine. A server is named after
 * its swarm task (agent/src/haproxy/lb-state.ts serverName), so a colour's servers are told apart
 * by task id, whatever address and port they carry. The same listing checks that each server's
 * port reaches its own task over IPv4 (how HAProxy connects): Docker 20.10 may publish a random
 * host port on different numbers for 0.0.0.0 and :: (moby/moby#42442), and a pool built from the
 * IPv6 number sends a task's share to another container or to nothing.
 */
import { TASK_ID_LABEL, TASK_SERVICE_LABEL } from "@/agent/src/docker/object-labels";
import { haproxyServers, type PoolServer } from "../../tests/support/traffic/traffic-probes";
import { dockerClient } from "../../tests/support/runtime/docker-env";

type Container = { Labels: Record<string, string>; Ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number }> };

async function taskContainers(socketPath: string, service?: string): Promise<Container[]> {
  const label = service ? [`${TASK_SERVICE_LABEL}=${service}`] : [TASK_ID_LABEL];
  return (await dockerClient(socketPath).listContainers({ filters: { label, status: ["running"] } })) as Container[];
}

/** Task ids of a swarm service's running containers. */
export async function serviceTaskIds(socketPath: string, service: string): Promise<Set<string>> {
  return new Set((await taskContainers(socketPath, service)).map((c) => c.Labels[TASK_ID_LABEL] ?? "").filter(Boolean));
}

/** The share (percent) of a backend's total weight that HAProxy gives to the servers of `tasks`. */
export async function haproxyShare(socket: string, backend: RegExp, tasks: ReadonlySet<string>): Promise<number> {
  const servers = (await haproxyServers(socket)).filter((s) => backend.test(s.backend));
  const total = servers.reduce((sum, s) => sum + s.weight, 0);
  const mine = servers.filter((s) => tasks.has(s.server)).reduce((sum, s) => sum + s.weight, 0);
  return total > 0 ? (mine / total) * 100 : 0;
}

export type PoolReport = { servers: PoolServer[]; statuses: string; misrouted: string[] };

/** The backend's servers with weight, by health status, and those whose port reaches another task (or none) over IPv4. */
export async function poolReport({
  socket,
  backend,
  socketPath,
  containerPort,
}: {
  socket: string;
  backend: RegExp;
  socketPath: string;
  containerPort: number;
}): Promise<PoolReport> {
  const servers = (await haproxyServers(socket).catch(() => [] as PoolServer[])).filter((s) => backend.test(s.backend) && s.weight > 0);
  const ipv4Owner = new Map<string, string>();
  for (const c of await taskContainers(socketPath)) {
    for (const p of c.Ports) {
      if (p.PrivatePort === containerPort && p.PublicPort && (p.IP ?? "0.0.0.0") === "0.0.0.0")
        ipv4Owner.set(String(p.PublicPort), c.Labels[TASK_ID_LABEL] ?? "?");
    }
  }
  const byStatus = new Map<string, number>();
  for (const s of servers) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const misrouted = servers
    .map((s) => ({ s, port: s.address.split(":").pop() ?? "" }))
    .filter(({ s, port }) => ipv4Owner.get(port) !== s.server)
    .map(
      ({ s, port }) =>
        `${s.server.slice(0, 12)} at :${port} → ${ipv4Owner.has(port) ? `task ${ipv4Owner.get(port)?.slice(0, 12)}` : "no IPv4 listener"}`,
    );
  return { servers, statuses: [...byStatus].map(([status, n]) => `${n} ${status}`).join(", ") || "empty", misrouted };
}
