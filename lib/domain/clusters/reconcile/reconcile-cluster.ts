import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { withLock } from "@/lib/redis-lock";
import { loadNodes, type ReconcileContext } from "./context";
import { ensureMembers } from "./ensure-members";
import { ensureSwarm } from "./ensure-swarm";
import { removeNodes } from "./remove-nodes";
import { flagRoleClaims } from "./role-claims";
import { syncNodeSpecs } from "./sync-node-specs";

/**
 * Brings a cluster's Docker swarm in line with the database: removals first, then the swarm
 * itself (adopt or initialise), membership of every connected node, then node labels,
 * availability and roles. Idempotent; one reconcile per cluster at a time (Redis lock).
 */
export async function reconcileCluster({ clusterId, log }: { clusterId: string; log: Logger }) {
  return withLock(`cluster-reconcile:${clusterId}`, async () => {
    const cluster = await prisma.cluster.findUnique({
      where: { id: clusterId },
      select: { id: true, orgId: true, swarmId: true, managerAddr: true, swarmWorkerTokenEnc: true, swarmManagerTokenEnc: true },
    });
    if (!cluster) return { steps: ["cluster no longer exists"] };
    const ctx: ReconcileContext = { clusterId, orgId: cluster.orgId, log, nodes: await loadNodes(clusterId), steps: [] };
    await removeNodes(ctx, cluster.swarmId);
    ctx.nodes = ctx.nodes.filter((n) => !n.removeRequested);
    const fresh = await prisma.cluster.findUniqueOrThrow({
      where: { id: clusterId },
      select: { swarmId: true, managerAddr: true, swarmWorkerTokenEnc: true, swarmManagerTokenEnc: true },
    });
    await flagRoleClaims(ctx, fresh.swarmId !== null);
    const swarm = await ensureSwarm(ctx, fresh);
    if (!swarm) return { steps: [...ctx.steps, "no connected node yet"] };
    await ensureMembers(ctx, swarm);
    await syncNodeSpecs(ctx, swarm);
    if (ctx.steps.length) log.info({ clusterId, steps: ctx.steps }, "cluster reconciled");
    return { steps: ctx.steps };
  });
}
