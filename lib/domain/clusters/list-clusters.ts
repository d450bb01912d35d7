import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { clusterSelect, withNodeCounts } from "./cluster-view";

export async function listClusters({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.cluster.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: clusterSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  return { items: await withNodeCounts(items), nextCursor };
}

export async function getCluster({ orgId, clusterId }: { orgId: string; clusterId: string }) {
  const row = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: clusterSelect });
  if (!row) throw notFound("Cluster");
  const [view] = await withNodeCounts([row]);
  return view;
}
