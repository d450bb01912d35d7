import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";

const LIST_AT_MOST = 10;

/**
 * Deletes a cluster that has no nodes left (removing nodes is deliberate, one by one) and no
 * applications. Applications the user deleted (or asked to delete: with no node left that
 * removal can never finish) go with the cluster, with their versions, deployments and events;
 * the audit log keeps their history. Live applications block the deletion (409, named).
 */
export async function deleteCluster({ ctx, clusterId }: { ctx: OrgContext; clusterId: string }) {
  await prisma.$transaction(async (tx) => {
    const cluster = await tx.cluster.findFirst({ where: { id: clusterId, orgId: ctx.orgId }, select: { id: true, name: true } });
    if (!cluster) throw notFound("Cluster");
    const nodes = await tx.node.count({ where: { clusterId, removedAt: null } });
    if (nodes > 0)
      throw new AppError(
        "CONFLICT",
        `The cluster still has ${nodes} node${nodes === 1 ? "" : "s"}; remove ${nodes === 1 ? "it" : "them"} first`,
      );
    const live = await tx.application.findMany({
      where: { orgId: ctx.orgId, clusterId, deletedAt: null, desiredState: { not: "DELETED" } },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    });
    if (live.length > 0) {
      const names =
        live
          .slice(0, LIST_AT_MOST)
          .map((a) => a.name)
          .join(", ") + (live.length > LIST_AT_MOST ? ` and ${live.length - LIST_AT_MOST} more` : "");
      throw new AppError(
        "CONFLICT",
        `The cluster still runs ${live.length} application${live.length === 1 ? "" : "s"} (${names}); delete ${live.length === 1 ? "it" : "them"} first`,
        { applications: live },
      );
    }
    const dropped = await tx.application.deleteMany({ where: { orgId: ctx.orgId, clusterId } });
    await tx.cluster.delete({ where: { id: cluster.id } });
    await auditChange(tx, ctx, "cluster.delete", cluster.id, { name: cluster.name, deletedApplicationRows: dropped.count });
  });
  return { ok: true as const };
}
