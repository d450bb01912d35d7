import { prisma } from "@/lib/db";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";

/**
 * The agent's connection closed: the node is Unreachable until it reconnects. That changes what
 * the traffic sync makes of its tasks, so it asks for one (only when the status really changed).
 */
export async function recordDisconnect({ nodeId }: { nodeId: string }) {
  const now = new Date();
  const clusterId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.node.updateMany({
      where: { id: nodeId, status: "READY" },
      data: { status: "UNREACHABLE", statusChangedAt: now, lastSeenAt: now },
    });
    if (count === 0) return null;
    const node = await tx.node.findUniqueOrThrow({ where: { id: nodeId }, select: { clusterId: true } });
    await markTrafficChanged(node.clusterId, tx);
    return node.clusterId;
  });
  if (clusterId) await enqueueTrafficSync(clusterId);
}
