import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { lbSelect, lbView } from "./lb-view";

/** The organisation's load balancers, of one cluster when `clusterId` is given (404 if it is not theirs). */
export async function listLoadBalancers({ orgId, clusterId }: { orgId: string; clusterId?: string }) {
  if (clusterId) {
    const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
    if (!cluster) throw notFound("Cluster");
  }
  const rows = await prisma.loadBalancer.findMany({
    where: { orgId, ...(clusterId ? { clusterId } : {}) },
    orderBy: [{ cluster: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    select: lbSelect,
  });
  return { items: rows.map(lbView) };
}
