import type { Prisma } from "@prisma/client";
import { busKeys } from "@/lib/agent-bus/keys";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";

/**
 * Derives node status from heartbeat age (kept in Redis by the gateways): Ready nodes silent for
 * NODE_UNREACHABLE_SECONDS become Unreachable; Unreachable for NODE_DOWN_SECONDS become Down.
 * Database writes happen only for nodes whose status changes; their clusters get a traffic sync
 * (a node's status decides whether its tasks stay in load-balancer pools).
 */
export async function sweepNodeLiveness({ now = Date.now() }: { now?: number } = {}) {
  const unreachableBefore = now - env.NODE_UNREACHABLE_SECONDS * 1000;
  const ready = await prisma.node.findMany({
    where: { status: "READY", removedAt: null },
    select: { id: true, clusterId: true, statusChangedAt: true },
  });
  const changedClusters = new Set<string>();
  let unreachable = 0;
  if (ready.length > 0) {
    const scores = await redis().zmscore(busKeys.nodeSeen(), ...ready.map((n) => n.id));
    // No score at all means Redis lost it (it keeps nothing on disk), not that the node is silent:
    // its clock starts now, so a node that beats again stays Ready and one that does not goes
    // Unreachable a full period later. NX: a heartbeat written meanwhile wins.
    const unknown = ready.filter((_, i) => scores[i] === null);
    if (unknown.length > 0) await redis().zadd(busKeys.nodeSeen(), "NX", ...unknown.flatMap((n) => [now, n.id]));
    // The last sign of life is the later of the last heartbeat and becoming Ready: an agent that
    // has just reconnected is Ready before the gateway's next liveness flush replaces the score
    // its previous connection left.
    const stale = ready.filter(
      (n, i) => scores[i] !== null && Math.max(Number(scores[i]), n.statusChangedAt.getTime()) < unreachableBefore,
    );
    if (stale.length > 0) {
      unreachable = await setStatus({ nodes: stale, still: { status: "READY" }, to: "UNREACHABLE", at: new Date(now), changedClusters });
    }
  }
  const longSilent: Prisma.NodeWhereInput = {
    status: "UNREACHABLE",
    statusChangedAt: { lt: new Date(now - env.NODE_DOWN_SECONDS * 1000) },
    removedAt: null,
  };
  const silent = await prisma.node.findMany({ where: longSilent, select: { id: true, clusterId: true } });
  const down =
    silent.length > 0 ? await setStatus({ nodes: silent, still: longSilent, to: "DOWN", at: new Date(now), changedClusters }) : 0;
  for (const clusterId of changedClusters) await enqueueTrafficSync(clusterId);
  return { unreachable, down };
}

type SetStatusOptions = {
  nodes: Array<{ id: string; clusterId: string }>;
  /** What must still hold for a node to move (it may have reconnected since it was read). */
  still: Prisma.NodeWhereInput;
  to: "UNREACHABLE" | "DOWN";
  at: Date;
  /** Collects the clusters whose traffic was marked changed (to enqueue their syncs after commit). */
  changedClusters: Set<string>;
};

/** Moves the nodes that still match `still` to `to`, marking their clusters' traffic changed in the same transaction. */
async function setStatus({ nodes, still, to, at, changedClusters }: SetStatusOptions): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const where: Prisma.NodeWhereInput = { AND: [{ id: { in: nodes.map((n) => n.id) } }, still] };
    const moved = await tx.node.findMany({ where, select: { id: true, clusterId: true } });
    if (moved.length === 0) return 0;
    const { count } = await tx.node.updateMany({
      where: { AND: [{ id: { in: moved.map((n) => n.id) } }, still] },
      data: { status: to, statusChangedAt: at },
    });
    const clusters = new Set(moved.map((n) => n.clusterId));
    for (const clusterId of clusters) {
      await markTrafficChanged(clusterId, tx);
      changedClusters.add(clusterId);
    }
    return count;
  });
}
