import { prisma, type DbClient } from "@/lib/db";

/**
 * The swarm node id an agent reports (inventory, or the answer to swarm.join/init) is its word only.
 * Docker's node ids are random and unique, so an id another live node already holds is a claim on
 * that node's identity: it is not recorded, or reconciling would label, demote or remove the other
 * node's swarm node on this one's behalf. Null when the claim is refused (or there is none).
 */
export async function acceptedSwarmNodeId({
  nodeId,
  claimed,
  db = prisma,
}: {
  nodeId: string | null;
  claimed: string | null;
  db?: DbClient;
}): Promise<string | null> {
  if (!claimed) return null;
  const holder = await db.node.findFirst({
    where: { swarmNodeId: claimed, removedAt: null, ...(nodeId ? { id: { not: nodeId } } : {}) },
    select: { id: true },
  });
  return holder ? null : claimed;
}

export const swarmNodeIdTakenError = (claimed: string) =>
  `This node reports swarm node id ${claimed.slice(0, 12)}, which belongs to another node: Wharf ignores the claim and will not manage that swarm node through this one.`;
