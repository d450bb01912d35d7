import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { clusterReconcileJob } from "@/lib/queue/jobs";
import { auditChange } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { getNode } from "./get-node";

/**
 * Asks for a node's removal. The reconcile makes it leave the swarm (when it is connected),
 * removes it through a manager, then disconnects its agent for good. Its tasks leave the
 * load-balancer pools now (a traffic sync), before the swarm stops them.
 */
export async function removeNode({ ctx, nodeId }: { ctx: OrgContext; nodeId: string }) {
  const clusterId = await prisma.$transaction(async (tx) => {
    const node = await tx.node.findFirst({
      where: { id: nodeId, orgId: ctx.orgId, removedAt: null },
      select: { id: true, clusterId: true, hostname: true, role: true, removeRequestedAt: true },
    });
    if (!node) throw notFound("Node");
    if (node.removeRequestedAt) return node.clusterId;
    if (node.role === "MANAGER") {
      const others = await tx.node.count({
        where: { clusterId: node.clusterId, removedAt: null, removeRequestedAt: null, id: { not: node.id } },
      });
      const otherManagers = await tx.node.count({
        where: { clusterId: node.clusterId, removedAt: null, removeRequestedAt: null, role: "MANAGER", id: { not: node.id } },
      });
      if (others > 0 && otherManagers === 0)
        throw new AppError("CONFLICT", "This is the cluster's last manager; promote another node before removing it");
    }
    await tx.node.update({ where: { id: node.id }, data: { removeRequestedAt: new Date() } });
    await markTrafficChanged(node.clusterId, tx);
    await auditChange(tx, ctx, "node.remove", node.id, { hostname: node.hostname });
    return node.clusterId;
  });
  await enqueueTrafficSync(clusterId);
  await enqueue(clusterReconcileJob, { clusterId });
  return getNode({ orgId: ctx.orgId, nodeId });
}
