/**
 * NODE_UNREACHABLE: a node the liveness sweep marked Unreachable (no heartbeat for
 * NODE_UNREACHABLE_SECONDS) or Down (NODE_DOWN_SECONDS more). Resolved when it is Ready again, or
 * removed. The summary says which of the two it is now; the alert stays the same one.
 */
import { prisma } from "@/lib/db";
import type { ConditionEvaluator, EventCondition } from "./event-condition";

export const nodeUnreachable: ConditionEvaluator = async (rules) => {
  const out: EventCondition[] = [];
  for (const rule of rules) {
    const nodes = await prisma.node.findMany({
      where: {
        orgId: rule.orgId,
        removedAt: null,
        status: { in: ["UNREACHABLE", "DOWN"] },
        ...(rule.clusterId ? { clusterId: rule.clusterId } : {}),
        ...(rule.nodeId ? { id: rule.nodeId } : {}),
      },
      select: {
        id: true,
        clusterId: true,
        hostname: true,
        status: true,
        statusChangedAt: true,
        lastSeenAt: true,
        cluster: { select: { name: true } },
      },
      take: 1000,
    });
    for (const n of nodes) {
      const since = n.lastSeenAt ?? n.statusChangedAt;
      out.push({
        rule,
        subject: { cluster: n.clusterId, node: n.id, hostname: n.hostname },
        summary: `Node ${n.hostname} of cluster ${n.cluster.name} is ${n.status === "DOWN" ? "down" : "unreachable"} (last heartbeat ${since.toISOString()})`,
        startsAt: n.statusChangedAt < since ? n.statusChangedAt : since,
      });
    }
  }
  return out;
};
