/**
 * The API's view of a node: database facts (desired and observed) plus live liveness and usage
 * from Redis, fetched for a whole list in two round trips.
 */
import { busKeys } from "@/lib/agent-bus/keys";
import { heartbeatRecordSchema } from "@/lib/agent-bus/messages";
import type { Prisma } from "@/lib/db";
import { inventorySchema } from "@/lib/protocol/inventory";
import { redis } from "@/lib/redis";
import { pendingNodeChanges } from "./pending-node-changes";
import { REJOIN_APPROVAL_MINUTES, rejoinApproved } from "./rejoin-approval";

export const nodeSelect = {
  id: true,
  clusterId: true,
  hostname: true,
  status: true,
  statusChangedAt: true,
  lastSeenAt: true,
  role: true,
  swarmRole: true,
  swarmLeader: true,
  availability: true,
  swarmAvailability: true,
  labels: true,
  swarmLabels: true,
  swarmNodeId: true,
  address: true,
  cpuCores: true,
  memoryBytes: true,
  dockerVersion: true,
  gpuCount: true,
  inventory: true,
  agentVersion: true,
  lastError: true,
  lastErrorAt: true,
  removeRequestedAt: true,
  credentialRevokedAt: true,
  createdAt: true,
  removedAt: true,
  rejoinRequestedAt: true,
  rejoinApprovedAt: true,
} as const satisfies Prisma.NodeSelect;

export type NodeRow = Prisma.NodeGetPayload<{ select: typeof nodeSelect }>;

export const asLabels = (value: Prisma.JsonValue | null): Record<string, string> | null =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : null;

function toNodeView(row: NodeRow, usage: string | null | undefined, seen: string | null | undefined) {
  const inventory = inventorySchema.safeParse(row.inventory);
  const inv = inventory.success ? inventory.data : null;
  const beat = usage ? heartbeatRecordSchema.safeParse(JSON.parse(usage)) : null;
  const seenAt = Number(seen ?? NaN);
  const { inventory: _inventory, labels, swarmLabels, rejoinApprovedAt, ...rest } = row;
  const approved = rejoinApprovedAt && rejoinApproved({ rejoinApprovedAt }) ? rejoinApprovedAt : null;
  const view = {
    ...rest,
    // an approval that ran out is as good as none
    rejoinApprovedAt: approved,
    rejoinApprovalExpiresAt: approved ? new Date(approved.getTime() + REJOIN_APPROVAL_MINUTES * 60_000) : null,
    rejoinRequestFrom: null as { ip: string | null; hostname: string; tokenRole: "WORKER" | "MANAGER" } | null,
    labels: asLabels(labels) ?? {},
    swarmLabels: asLabels(swarmLabels),
    memoryBytes: Number(row.memoryBytes),
    lastSeenAt: Number.isFinite(seenAt) ? new Date(seenAt) : row.lastSeenAt,
    os: inv ? inv.os : null,
    disk: inv?.disk ? { totalBytes: inv.disk.totalBytes, freeBytes: inv.disk.freeBytes } : null,
    usage: beat?.success ? { ...beat.data.usage, at: new Date(beat.data.at) } : null,
    containers: beat?.success
      ? { running: beat.data.containers.running, total: beat.data.containers.total, unhealthy: beat.data.containers.unhealthy }
      : null,
  };
  return { ...view, pendingChanges: pendingNodeChanges(view) };
}

export type NodeView = ReturnType<typeof toNodeView>;

/** One view per row, in order. */
export async function toNodeViews(rows: [NodeRow]): Promise<[NodeView]>;
export async function toNodeViews(rows: NodeRow[]): Promise<NodeView[]>;
export async function toNodeViews(rows: NodeRow[]): Promise<NodeView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [usage, seen] = await Promise.all([redis().hmget(busKeys.nodeUsage(), ...ids), redis().zmscore(busKeys.nodeSeen(), ...ids)]);
  return rows.map((row, i) => toNodeView(row, usage[i], seen[i]));
}
