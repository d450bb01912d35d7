import type { Prisma } from "@prisma/client";
import { notFound } from "@/lib/errors";

/**
 * Locks the organisation's cluster row for the rest of the transaction, so checks spanning its
 * load balancers ("at most one routing balancer") cannot race a concurrent change. 404 when the
 * cluster is not the organisation's.
 */
export async function lockCluster(tx: Prisma.TransactionClient, orgId: string, clusterId: string): Promise<{ id: string; name: string }> {
  const rows = await tx.$queryRaw<
    Array<{ id: string; name: string }>
  >`select id, name from "Cluster" where id = ${clusterId} and "orgId" = ${orgId} for update`;
  const cluster = rows[0];
  if (!cluster) throw notFound("Cluster");
  return cluster;
}
