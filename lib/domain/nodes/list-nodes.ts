import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { nodeSelect, toNodeViews } from "./node-view";

export async function listNodes({ orgId, clusterId }: { orgId: string; clusterId: string }) {
  const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
  const rows = await prisma.node.findMany({
    where: { clusterId, orgId, removedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: nodeSelect,
  });
  return { items: await toNodeViews(rows) };
}
