import { prisma } from "@/lib/db";
import type { Inventory } from "@/lib/protocol/inventory";
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
 */
export async function recordInventory({ nodeId, inventory, knownHash, agentVersion, markReady }: RecordInventoryOptions) {
  const hash = inventoryHash(inventory);
  const changed = hash !== knownHash;
  const now = new Date();
  if (changed) {
    const columns = inventoryColumns(inventory);
    const swarmNodeId = await acceptedSwarmNodeId({ nodeId, claimed: columns.swarmNodeId });
    const refused = columns.swarmNodeId !== null && swarmNodeId === null;
    await prisma.node.update({
      where: { id: nodeId },
      data: {
        ...columns, swarmNodeId, inventory, inventoryHash: hash, ...(agentVersion ? { agentVersion } : {}), lastSeenAt: now,
        ...(refused ? { lastError: swarmNodeIdTakenError(columns.swarmNodeId ?? ""), lastErrorAt: now } : {}),
      },
    });
  }
  if (markReady) {
    // Conditional update: a status write only when the status really changes.
    await prisma.node.updateMany({ where: { id: nodeId, status: { not: "READY" } }, data: { status: "READY", statusChangedAt: now } });
    if (!changed) await prisma.node.update({ where: { id: nodeId }, data: { lastSeenAt: now, ...(agentVersion ? { agentVersion } : {}) } });
  }
  return { hash, changed };
}
