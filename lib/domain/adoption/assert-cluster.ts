import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";

/** How long a manager may take to list the swarm's services or networks. */
export const MANAGER_TIMEOUT_MS = 20_000;

/** 404 unless the cluster is the organisation's. */
export async function assertCluster(orgId: string, clusterId: string) {
  const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
}
