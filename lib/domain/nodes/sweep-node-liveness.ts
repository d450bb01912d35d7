import { busKeys } from "@/lib/agent-bus/keys";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis";

/**
 * Derives node status from heartbeat age (kept in Redis by the gateways): Ready nodes silent for
 * NODE_UNREACHABLE_SECONDS become Unreachable; Unreachable for NODE_DOWN_SECONDS become Down.
 * Database writes happen only for nodes whose status changes.
 */
export async function sweepNodeLiveness({ now = Date.now() }: { now?: number } = {}) {
  const unreachableBefore = now - env.NODE_UNREACHABLE_SECONDS * 1000;
  const ready = await prisma.node.findMany({ where: { status: "READY", removedAt: null }, select: { id: true, statusChangedAt: true } });
  let unreachable = 0;
  if (ready.length > 0) {
    const scores = await redis().zmscore(busKeys.nodeSeen(), ...ready.map((n) => n.id));
    // The last sign of life is the later of the last heartbeat and becoming Ready: an agent that
    // has just reconnected is Ready before the gateway's next liveness flush replaces the score
    // its previous connection left (and Redis may hold no score at all after a flush).
    const stale = ready.filter((n, i) => Math.max(Number(scores[i] ?? 0), n.statusChangedAt.getTime()) < unreachableBefore);
    if (stale.length > 0) {
      const res = await prisma.node.updateMany({ where: { id: { in: stale.map((n) => n.id) }, status: "READY" }, data: { status: "UNREACHABLE", statusChangedAt: new Date(now) } });
      unreachable = res.count;
    }
  }
  const down = await prisma.node.updateMany({
    where: { status: "UNREACHABLE", statusChangedAt: { lt: new Date(now - env.NODE_DOWN_SECONDS * 1000) }, removedAt: null },
    data: { status: "DOWN", statusChangedAt: new Date(now) },
  });
  return { unreachable, down: down.count };
}
