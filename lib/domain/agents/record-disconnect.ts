import { prisma } from "@/lib/db";

/** The agent's connection closed: the node is Unreachable until it reconnects. */
export async function recordDisconnect({ nodeId }: { nodeId: string }) {
  const now = new Date();
  await prisma.node.updateMany({ where: { id: nodeId, status: "READY" }, data: { status: "UNREACHABLE", statusChangedAt: now, lastSeenAt: now } });
}
