import { prisma } from "@/lib/db";
import type { Inventory } from "@/lib/protocol/inventory";
import { imagesChanged } from "../affinity/affinity-node-labels";
import { requestAffinitySync } from "../affinity/request-affinity-sync";
import { isLbNode } from "../traffic/lb-node-label";
import { enqueueTrafficSync, markTrafficChanged, resendToHaproxyNodes } from "../traffic/request-sync";
import { inventoryColumns, inventoryHash } from "./inventory-facts";
import { acceptedSwarmNodeId, swarmNodeIdTakenError } from "./swarm-node-claim";

export type RecordInventoryOptions = {
  nodeId: string;
  inventory: Inventory;
  /** Hash already stored, to skip the write when nothing changed. */
  knownHash: string | null;
  agentVersion?: string;
  /** On hello: the node is connected, so it is Ready. */
  markReady?: boolean;
};

/**
 * Stores an agent's inventory, only when it changed, and marks the node Ready on connect.
 * Returns the new hash and whether the inventory changed (which may call for a reconcile).
 * A node becoming Ready, or advertising another address, changes load-balancer pools (its tasks
 * are backends at that address): those ask for a traffic sync.
 */
export async function recordInventory({ nodeId, inventory, knownHash, agentVersion, markReady }: RecordInventoryOptions) {
  const hash = inventoryHash(inventory);
  const changed = hash !== knownHash;
  const now = new Date();
  let trafficCluster: string | null = null;
  // A node's images decide its wharf.image.* affinity labels.
  let affinityCluster: string | null = null;
  if (changed) {
    const columns = inventoryColumns(inventory);
    const swarmNodeId = await acceptedSwarmNodeId({ nodeId, claimed: columns.swarmNodeId });
    const refused = columns.swarmNodeId !== null && swarmNodeId === null;
    trafficCluster = await prisma.$transaction(async (tx) => {
      const before = await tx.node.findUniqueOrThrow({
        where: { id: nodeId },
        select: { address: true, clusterId: true, inventory: true },
      });
      affinityCluster = imagesChanged(before.inventory, inventory) ? before.clusterId : null;
      await tx.node.update({
        where: { id: nodeId },
        data: {
          ...columns,
          swarmNodeId,
          inventory,
          inventoryHash: hash,
          ...(agentVersion ? { agentVersion } : {}),
          lastSeenAt: now,
          ...(refused ? { lastError: swarmNodeIdTakenError(columns.swarmNodeId ?? ""), lastErrorAt: now } : {}),
        },
      });
      if (before.address === columns.address) return null;
      await markTrafficChanged(before.clusterId, tx);
      return before.clusterId;
    });
  }
  if (markReady) {
    const ready = await prisma.$transaction(async (tx) => {
      // Conditional update: a status write only when the status really changes.
      const { count } = await tx.node.updateMany({
        where: { id: nodeId, status: { not: "READY" } },
        data: { status: "READY", statusChangedAt: now },
      });
      if (count === 0) return null;
      const { clusterId, labels } = await tx.node.findUniqueOrThrow({ where: { id: nodeId }, select: { clusterId: true, labels: true } });
      // An HAProxy node that was away missed what was applied meanwhile: send it everything.
      if (isLbNode(labels)) await resendToHaproxyNodes(clusterId, tx);
      else await markTrafficChanged(clusterId, tx);
      return clusterId;
    });
    trafficCluster ??= ready;
    if (!changed) await prisma.node.update({ where: { id: nodeId }, data: { lastSeenAt: now, ...(agentVersion ? { agentVersion } : {}) } });
  }
  if (trafficCluster) await enqueueTrafficSync(trafficCluster);
  if (affinityCluster) await requestAffinitySync(affinityCluster);
  return { hash, changed };
}
