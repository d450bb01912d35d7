import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { getCluster } from "./list-clusters";

export async function updateCluster({
  ctx,
  clusterId,
  input,
}: {
  ctx: OrgContext;
  clusterId: string;
  input: { name?: string; description?: string };
}) {
  await prisma.$transaction(async (tx) => {
    const cluster = await tx.cluster.findFirst({ where: { id: clusterId, orgId: ctx.orgId }, select: { id: true, name: true } });
    if (!cluster) throw notFound("Cluster");
    if (input.name && input.name !== cluster.name) {
      const clash = await tx.cluster.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } });
      if (clash) throw new AppError("CONFLICT", `A cluster named ${input.name} already exists`);
    }
    await tx.cluster.update({ where: { id: cluster.id }, data: input });
    await auditChange(tx, ctx, "cluster.update", cluster.id, { ...input, previousName: cluster.name });
  });
  return getCluster({ orgId: ctx.orgId, clusterId });
}
