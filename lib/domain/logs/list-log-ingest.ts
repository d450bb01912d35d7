import { prisma, type DbClient } from "@/lib/db";
import type { LogIngestNode } from "@/lib/schemas/logs";

/** What each of the organisation's nodes has shipped, and how many lines its full buffer dropped. */
export async function listLogIngest({
  orgId,
  clusterId,
  db = prisma,
}: {
  orgId: string;
  clusterId?: string;
  db?: DbClient;
}): Promise<{ items: LogIngestNode[] }> {
  const rows = await db.logIngestState.findMany({
    where: { orgId, node: { orgId, ...(clusterId ? { clusterId } : {}) } },
    select: {
      nodeId: true,
      epoch: true,
      lastSeq: true,
      droppedTotal: true,
      updatedAt: true,
      node: { select: { hostname: true, clusterId: true } },
    },
    orderBy: { nodeId: "asc" },
  });
  return {
    items: rows.map((r) => ({
      nodeId: r.nodeId,
      hostname: r.node.hostname,
      clusterId: r.node.clusterId,
      epoch: r.epoch,
      lastSeq: Number(r.lastSeq),
      droppedTotal: Number(r.droppedTotal),
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
