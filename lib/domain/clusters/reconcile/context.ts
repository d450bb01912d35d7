import { prisma, type Prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { inventorySchema, type Inventory } from "@/lib/protocol/inventory";
import { asLabels } from "../../nodes/node-view";

export const reconcileNodeSelect = {
  id: true,
  hostname: true,
  status: true,
  role: true,
  swarmRole: true,
  availability: true,
  swarmAvailability: true,
  labels: true,
  swarmLabels: true,
  swarmNodeId: true,
  swarmLeader: true,
  inventory: true,
  removeRequestedAt: true,
  createdAt: true,
  lastError: true,
} as const;

export type ReconcileNode = {
  id: string;
  hostname: string;
  ready: boolean;
  role: "WORKER" | "MANAGER";
  swarmRole: "WORKER" | "MANAGER" | null;
  availability: "ACTIVE" | "PAUSE" | "DRAIN";
  swarmAvailability: "ACTIVE" | "PAUSE" | "DRAIN" | null;
  labels: Record<string, string>;
  swarmLabels: Record<string, string> | null;
  swarmNodeId: string | null;
  swarmLeader: boolean;
  inventory: Inventory | null;
  removeRequested: boolean;
  lastError: string | null;
};

export type SwarmAccess = { swarmId: string; managerAddr: string; workerToken: string; managerToken: string };

export type ReconcileContext = { clusterId: string; orgId: string; log: Logger; nodes: ReconcileNode[]; steps: string[] };

type ReconcileNodeRow = Prisma.NodeGetPayload<{ select: typeof reconcileNodeSelect }>;

function toReconcileNode(r: ReconcileNodeRow): ReconcileNode {
  const inv = inventorySchema.safeParse(r.inventory);
  return {
    id: r.id,
    hostname: r.hostname,
    ready: r.status === "READY",
    role: r.role,
    swarmRole: r.swarmRole,
    availability: r.availability,
    swarmAvailability: r.swarmAvailability,
    labels: asLabels(r.labels) ?? {},
    swarmLabels: asLabels(r.swarmLabels),
    swarmNodeId: r.swarmNodeId,
    swarmLeader: r.swarmLeader,
    inventory: inv.success ? inv.data : null,
    removeRequested: r.removeRequestedAt !== null,
    lastError: r.lastError,
  };
}

export async function loadNodes(clusterId: string): Promise<ReconcileNode[]> {
  const rows = await prisma.node.findMany({
    where: { clusterId, removedAt: null },
    orderBy: { createdAt: "asc" },
    select: reconcileNodeSelect,
  });
  return rows.map(toReconcileNode);
}

/** loadNodes for several clusters in one query: each cluster's nodes, oldest first (absent when it has none). */
export async function loadNodesByCluster(clusterIds: string[]): Promise<Map<string, ReconcileNode[]>> {
  const byCluster = new Map<string, ReconcileNode[]>();
  if (clusterIds.length === 0) return byCluster;
  const rows = await prisma.node.findMany({
    where: { clusterId: { in: clusterIds }, removedAt: null },
    orderBy: { createdAt: "asc" },
    select: { ...reconcileNodeSelect, clusterId: true },
  });
  for (const { clusterId, ...row } of rows) {
    const nodes = byCluster.get(clusterId) ?? [];
    nodes.push(toReconcileNode(row));
    byCluster.set(clusterId, nodes);
  }
  return byCluster;
}

/** Records (or clears) the error a node's reconcile step hit, so the console can show it. */
export async function noteNodeError(node: ReconcileNode, error: string | null) {
  if (node.lastError === error) return;
  node.lastError = error;
  await prisma.node.update({ where: { id: node.id }, data: { lastError: error, lastErrorAt: error ? new Date() : null } });
}

/**
 * A node is a member of the swarm when its engine says so (or a join just succeeded). A worker's
 * engine does not know the swarm's id (`docker info` shows the cluster to managers only): a worker
 * is a member when it is the swarm node Wharf recorded when it joined.
 */
export function isMember(node: Pick<ReconcileNode, "inventory" | "swarmNodeId">, swarmId: string): boolean {
  const s = node.inventory?.swarm;
  if (!s || s.state !== "active") return false;
  if (s.clusterId !== null) return s.clusterId === swarmId;
  return !s.isManager && node.swarmNodeId !== null && s.nodeId === node.swarmNodeId;
}

/** The errors joining leaves on a node; they go once it is a member (the condition is gone). */
export const JOIN_ERRORS = /^(This machine is already in another swarm|Could not join the swarm)/;

/**
 * A node is used as a manager only when the control plane made it one (manager join token, the node
 * Wharf initialised the swarm on, or a promotion through Wharf) AND its engine confirms it. The
 * engine's word alone never makes a manager: a worker could claim anything in its inventory.
 */
export function isManagerOf(node: ReconcileNode, swarmId: string): boolean {
  return node.role === "MANAGER" && isMember(node, swarmId) && Boolean(node.inventory?.swarm.isManager);
}
