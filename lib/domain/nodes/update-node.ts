import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/queue/enqueue";
import { clusterReconcileJob } from "@/lib/queue/jobs";
import type { UpdateNodeInput } from "@/lib/schemas/clusters";
import { auditChange } from "../audit/record-audit";
import { stopHaproxiesOn } from "../traffic/haproxy-agent-transport";
import { isLbNode } from "../traffic/lb-node-label";
import { enqueueTrafficSync, markTrafficChanged, resendToHaproxyNodes } from "../traffic/request-sync";
import { getNode } from "./get-node";

/**
 * Records the desired labels / availability / role; a reconcile applies them to the swarm. A
 * cluster keeps at least one manager, so the last one cannot be demoted. A drain (or its undoing)
 * asks for a traffic sync at once: the node's tasks leave the pools before the swarm stops them.
 */
export async function updateNode({ ctx, nodeId, input }: { ctx: OrgContext; nodeId: string; input: UpdateNodeInput }) {
  const { clusterId, availabilityChanged, lbRole } = await prisma.$transaction(async (tx) => {
    const node = await tx.node.findFirst({
      where: { id: nodeId, orgId: ctx.orgId, removedAt: null },
      select: { id: true, clusterId: true, hostname: true, role: true, labels: true, availability: true, removeRequestedAt: true },
    });
    if (!node) throw notFound("Node");
    if (node.removeRequestedAt) throw new AppError("CONFLICT", "This node is being removed");
    if (input.role === "WORKER" && node.role === "MANAGER") {
      const managers = await tx.node.count({
        where: { clusterId: node.clusterId, removedAt: null, removeRequestedAt: null, role: "MANAGER" },
      });
      if (managers <= 1) throw new AppError("CONFLICT", "A cluster needs at least one manager; promote another node first");
    }
    await tx.node.update({ where: { id: node.id }, data: { ...input } });
    const availabilityChanged = input.availability !== undefined && input.availability !== node.availability;
    const lbRole =
      input.labels !== undefined && isLbNode(input.labels) !== isLbNode(node.labels) ? (isLbNode(input.labels) ? "gained" : "lost") : null;
    // A new HAProxy node starts empty: the next sync sends it everything.
    if (lbRole) await resendToHaproxyNodes(node.clusterId, tx);
    else if (availabilityChanged) await markTrafficChanged(node.clusterId, tx);
    await auditChange(tx, ctx, "node.update", node.id, {
      hostname: node.hostname,
      ...(input.labels ? { labels: input.labels } : {}),
      ...(input.availability ? { availability: input.availability } : {}),
      ...(input.role ? { role: input.role } : {}),
    });
    return { clusterId: node.clusterId, availabilityChanged: availabilityChanged || lbRole !== null, lbRole };
  });
  // A node that no longer runs the load balancers stops their HAProxies, without holding the
  // request (best effort: an offline node keeps serving its last configuration).
  if (lbRole === "lost") void stopHaproxiesOn({ clusterId, nodeId });
  if (availabilityChanged) await enqueueTrafficSync(clusterId);
  await enqueue(clusterReconcileJob, { clusterId });
  return getNode({ orgId: ctx.orgId, nodeId });
}
