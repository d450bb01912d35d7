import { prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { clusterReconcileJob } from "@/lib/queue/jobs";
import { pendingNodeChanges } from "../nodes/pending-node-changes";
import { isMember, loadNodesByCluster } from "./reconcile/context";

/**
 * Finds clusters whose swarm differs from the database (no swarm yet, connected nodes outside it,
 * pending label/availability/role changes or removals) and enqueues their reconcile. Catches
 * whatever an event-triggered reconcile missed (a crash, a busy lock).
 */
export async function sweepClusters() {
  const clusters = await prisma.cluster.findMany({ where: { nodes: { some: { removedAt: null } } }, select: { id: true, swarmId: true } });
  const nodesByCluster = await loadNodesByCluster(clusters.map((c) => c.id));
  let enqueued = 0;
  for (const cluster of clusters) {
    const nodes = nodesByCluster.get(cluster.id) ?? [];
    const live = nodes.filter((n) => n.ready);
    const needs =
      nodes.some((n) => n.removeRequested) ||
      (live.length > 0 && !cluster.swarmId) ||
      (cluster.swarmId !== null && live.some((n) => !isMember(n, cluster.swarmId ?? "") && n.inventory?.swarm.state !== "pending")) ||
      live.some((n) => pendingNodeChanges({ ...n, removeRequestedAt: null }));
    if (needs) {
      await enqueue(clusterReconcileJob, { clusterId: cluster.id });
      enqueued++;
    }
  }
  return { clusters: clusters.length, enqueued };
}
