import { nodeMatchesRule, placeReplicas, type LoadedService, type NodeCapacity } from "@/lib/compose";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CommandResult } from "@/lib/protocol/commands";
import { withTrueAffinityLabels } from "../../affinity/affinity-node-labels";
import { loadAffinityFacts, syncAffinityLabels } from "../../affinity/sync-affinity-labels";
import { sendCommand } from "../../commands/send-command";
import { specMode, specPorts, specReservations } from "../service-facts";
import type { AppContext } from "./app-context";

type Status = CommandResult<"services.status">;
/** What running tasks already hold on each swarm node: reservations and published ports. */
function allocations(status: Status) {
  const byNode = new Map<string, NodeCapacity["allocated"]>();
  for (const task of status.tasks) {
    if (task.state !== "running" || !task.nodeId) continue;
    const service = status.services.find((s) => s.id === task.serviceId);
    const held = service ? specReservations(service.spec) : { cpus: 0, memoryBytes: 0, gpus: 0 };
    const a = byNode.get(task.nodeId) ?? { cpus: 0, memoryBytes: 0, gpus: 0, ports: [] };
    byNode.set(task.nodeId, {
      cpus: a.cpus + held.cpus,
      memoryBytes: a.memoryBytes + held.memoryBytes,
      gpus: a.gpus + held.gpus,
      ports: [...a.ports, ...task.ports.map((p) => `${p.published}/${p.protocol}`)],
    });
  }
  return byNode;
}

/** What placement reads from the cluster, loaded once per deployment and shared by its services. */
export type PlacementCluster = {
  nodes: Awaited<ReturnType<typeof readyNodes>>;
  /** Cluster-wide task status, fetched on first use: only services that need pinning read it. */
  status: () => Promise<Status>;
};

/**
 * The cluster's ready swarm nodes with what placement reads of them (the plan and the pin). Their
 * affinity labels are the ones true of them now (withTrueAffinityLabels), so the preview judges
 * soft affinities as the deployment will, before the sync has labelled the swarm nodes.
 */
export async function readyNodes(clusterId: string) {
  const rows = await prisma.node.findMany({
    where: { clusterId, removedAt: null, status: "READY", swarmNodeId: { not: null } },
    select: {
      id: true,
      inventory: true,
      swarmNodeId: true,
      hostname: true,
      cpuCores: true,
      memoryBytes: true,
      gpuCount: true,
      swarmLabels: true,
      availability: true,
    },
  });
  const facts = await loadAffinityFacts(clusterId, rows);
  return rows.map(({ id, inventory: _inventory, swarmLabels, ...n }) => {
    const labels = (swarmLabels ?? {}) as Record<string, string>;
    const known = facts.get(id);
    return { ...n, swarmLabels: known ? withTrueAffinityLabels(labels, known) : labels };
  });
}

/**
 * The affinity labels are brought up to date first (sync-affinity-labels.ts), before any service is
 * applied: a hard `affinity:image==x` constrains on them, and soft rules are weighed with them here.
 */
export async function loadPlacementCluster(ctx: AppContext): Promise<PlacementCluster> {
  const changes = await syncAffinityLabels({ clusterId: ctx.app.clusterId, managerId: ctx.managerId, log: ctx.log, wait: true });
  for (const c of changes) {
    const what = [...c.added.map((l) => `+${l}`), ...c.removed.map((l) => `-${l}`)].join(", ");
    await ctx.progress.step(`Affinity labels of ${c.hostname}: ${what}`);
  }
  const nodes = await readyNodes(ctx.app.clusterId);
  let status: Promise<Status> | undefined;
  return { nodes, status: () => (status ??= sendCommand({ nodeId: ctx.managerId, type: "services.status", payload: { labels: {} } })) };
}

/**
 * Placement Swarm cannot express (binpack, "==(a|b)", wildcards) is done here: the replicas are
 * placed with the compose scheduler against each node's capacity and current allocations, and the
 * chosen nodes get the service's pin label, which its spec constrains on.
 */
export async function pinPlacement(ctx: AppContext, cluster: PlacementCluster, service: LoadedService, replicas: number | null) {
  // GPU refusals are the plan's (deploy-steps.ts gpuRefusal): this runs only for a placeable service.
  const wanted = specReservations(service.spec);
  const { nodes } = cluster;
  if (!service.pinning.required) return;
  const status = await cluster.status();
  const held = allocations({ ...status, tasks: status.tasks.filter((t) => t.serviceName !== service.fullName) });
  const capacities: NodeCapacity[] = nodes.map((n) => ({
    id: n.swarmNodeId ?? "",
    hostname: n.hostname,
    labels: (n.swarmLabels ?? {}) as Record<string, string>,
    schedulable: n.availability === "ACTIVE",
    cpus: n.cpuCores,
    memoryBytes: Number(n.memoryBytes),
    gpus: n.gpuCount,
    allocated: held.get(n.swarmNodeId ?? "") ?? { cpus: 0, memoryBytes: 0, gpus: 0, ports: [] },
  }));
  const count = specMode(service.spec).mode === "global" ? capacities.length : (replicas ?? 1);
  const ports = specPorts(service.spec).flatMap((p) =>
    p.published ? [{ published: p.published, protocol: p.protocol as "tcp" | "udp" }] : [],
  );
  const placement = placeReplicas({
    nodes: capacities,
    replicas: Math.max(count, 1),
    strategy: service.extensions.scheduling.strategy ?? "spread",
    request: { ...wanted, ports, rules: service.pinning.rules, appName: ctx.app.name },
  });
  if (!placement.ok) throw new AppError("CONFLICT", `Cannot place ${service.name}: ${placement.reason}`);
  const chosen = new Set(placement.nodeIds);
  const swarm = await sendCommand({ nodeId: ctx.managerId, type: "swarm.inspect", payload: {} });
  for (const node of swarm.nodes) {
    const has = node.labels[service.pinning.label] === "true";
    if (has === chosen.has(node.id)) continue;
    const labels = { ...node.labels };
    if (chosen.has(node.id)) labels[service.pinning.label] = "true";
    else delete labels[service.pinning.label];
    await sendCommand({ nodeId: ctx.managerId, type: "node.update", payload: { swarmNodeId: node.id, labels } });
  }
  await ctx.progress.step(
    `Placed ${service.name} (${service.extensions.scheduling.strategy ?? "spread"}) on ${[...chosen].map((id) => nodes.find((n) => n.swarmNodeId === id)?.hostname ?? id).join(", ")}${softOutcome(service, capacities, chosen, ctx.app.name)}`,
  );
}

/** Which soft rules the chosen nodes meet, and which fell back because no node could. */
function softOutcome(service: LoadedService, nodes: NodeCapacity[], chosen: ReadonlySet<string>, appName: string): string {
  const parts = service.pinning.rules
    .filter((rule) => rule.soft)
    .map((rule) => {
      const picked = nodes.filter((n) => chosen.has(n.id));
      const meeting = picked.filter((n) => nodeMatchesRule(n, rule, appName)).length;
      if (meeting === picked.length) return `${rule.expression} met`;
      if (meeting > 0) return `${rule.expression} met on ${meeting} of ${picked.length} nodes (no room on others that meet it)`;
      return `${rule.expression} met by no node that fits: placed without it`;
    });
  return parts.length ? ` (${parts.join("; ")})` : "";
}
