import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";

/** Deletes a cluster that has no nodes left (removing nodes is deliberate, one by one). */
export async function deleteCluster({ ctx, clusterId }: { ctx: OrgContext; clusterId: string }) {
  await prisma.$transaction(async (tx) => {
    const cluster = await tx.cluster.findFirst({ where: { id: clusterId, orgId: ctx.orgId }, select: { id: true, name: true } });
    if (!cluster) throw notFound("Cluster");
    const nodes = await tx.node.count({ where: { clusterId, removedAt: null } });
    if (nodes > 0) throw new AppError("CONFLICT", `The cluster still has ${nodes} node${nodes === 1 ? "" : "s"}; remove ${nodes === 1 ? "it" : "them"} first`);
    await tx.cluster.delete({ where: { id: cluster.id } });
    await recordAudit({ db: tx, orgId: ctx.orgId, actor: ctx.actor, action: "cluster.delete", targetType: "cluster", targetId: cluster.id, details: { name: cluster.name } });
  });
  return { ok: true as const };
}
