import type { OrgContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { prisma, Prisma, type DbClient } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { effectivePolicy, isStrictPolicy, type WorkloadPolicy } from "@/lib/protocol/workload-policy";
import { auditChange } from "../audit/record-audit";
import { getCluster } from "./list-clusters";

export type UpdateWorkloadPolicyOptions = {
  ctx: OrgContext;
  clusterId: string;
  /** Already parsed (normalised) by workloadPolicySchema. */
  policy: WorkloadPolicy;
  db?: DbClient;
};

/**
 * Replaces a cluster's workload policy. Relaxing it hands the cluster's developers host access on
 * its machines, so only owners may (the clusters.policy permission; the endpoint lets admins in
 * so that the cluster lookup answers first), every change
 * is audited with the policy before and after, and the cluster whose machine runs the control
 * plane refuses any change: it stays strict. A strict policy is stored as null (the default).
 * Running services keep running; the next deploy, redeploy or drift repair uses the new policy.
 */
export async function updateWorkloadPolicy({ ctx, clusterId, policy, db = prisma }: UpdateWorkloadPolicyOptions) {
  const run = async (tx: DbClient) => {
    const cluster = await tx.cluster.findFirst({
      where: { id: clusterId, orgId: ctx.orgId },
      select: { id: true, name: true, workloadPolicy: true, controlPlaneHost: true },
    });
    if (!cluster) throw notFound("Cluster");
    // After the tenant-scoped lookup: another organisation's cluster stays a 404 for everyone.
    if (!can(ctx.role, "clusters.policy"))
      throw new AppError("FORBIDDEN", "Only an owner of the organisation can change a cluster's workload policy");
    if (cluster.controlPlaneHost) {
      throw new AppError(
        "CONFLICT",
        `Cluster ${cluster.name} is the control-plane host: its machine runs Wharf itself, so its workload policy is always strict and cannot be changed`,
      );
    }
    const before = effectivePolicy(cluster.workloadPolicy, { controlPlaneHost: false });
    const strict = isStrictPolicy(policy);
    await tx.cluster.update({
      where: { id: cluster.id },
      data: { workloadPolicy: strict ? Prisma.DbNull : (policy as Prisma.InputJsonValue) },
    });
    await auditChange(tx, ctx, "cluster.policy.update", cluster.id, {
      name: cluster.name,
      before,
      after: policy,
      strict,
    } as Prisma.InputJsonValue);
  };
  await ("$transaction" in db ? db.$transaction(run) : run(db));
  return getCluster({ orgId: ctx.orgId, clusterId });
}
