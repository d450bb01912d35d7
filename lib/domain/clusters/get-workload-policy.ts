import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { effectivePolicy, type WorkloadPolicy } from "@/lib/protocol/workload-policy";

/**
 * The workload policy that applies to a cluster of the organisation: the one templates are
 * compiled against and agents enforce (strict on the control-plane host, strict when none is set).
 */
export async function getWorkloadPolicy({
  orgId,
  clusterId,
  db = prisma,
}: {
  orgId: string;
  clusterId: string;
  db?: DbClient;
}): Promise<WorkloadPolicy> {
  const cluster = await db.cluster.findFirst({ where: { id: clusterId, orgId }, select: { workloadPolicy: true, controlPlaneHost: true } });
  if (!cluster) throw notFound("Cluster");
  return effectivePolicy(cluster.workloadPolicy, { controlPlaneHost: cluster.controlPlaneHost });
}
