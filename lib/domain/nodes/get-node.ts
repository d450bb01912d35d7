import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { nodeSelect, toNodeViews } from "./node-view";

export async function getNode({ orgId, nodeId, db = prisma }: { orgId: string; nodeId: string; db?: DbClient }) {
  const row = await db.node.findFirst({ where: { id: nodeId, orgId, removedAt: null }, select: nodeSelect });
  if (!row) throw notFound("Node");
  const [view] = await toNodeViews([row]);
  return view;
}
