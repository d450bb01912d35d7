import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { getNode } from "./get-node";
import { nodeLifecycle, REJOIN_APPROVAL_MINUTES } from "./rejoin-approval";

/**
 * An admin allows the node's machine to join again (a reinstalled agent, a revoked or removed
 * node). For the next hour, exactly one join naming that machine takes the node over with a fresh
 * credential; it keeps at most the role the node had (a worker token brings a manager back as a
 * worker). Removed and revoked nodes come back only this way.
 */
export async function allowNodeRejoin({ ctx, nodeId }: { ctx: OrgContext; nodeId: string }) {
  await prisma.$transaction(async (tx) => {
    const node = await tx.node.findFirst({
      where: { id: nodeId, orgId: ctx.orgId },
      select: { id: true, hostname: true, role: true, removedAt: true, credentialRevokedAt: true, rejoinRequestedAt: true },
    });
    if (!node) throw notFound("Node");
    const now = new Date();
    await tx.node.update({ where: { id: node.id }, data: { rejoinApprovedAt: now, rejoinApprovedById: ctx.userId } });
    await auditChange(tx, ctx, "node.allow-rejoin", node.id, {
      hostname: node.hostname,
      state: nodeLifecycle(node),
      role: node.role,
      requestedAt: node.rejoinRequestedAt?.toISOString() ?? null,
      validForMinutes: REJOIN_APPROVAL_MINUTES,
    });
  });
  return getNode({ orgId: ctx.orgId, nodeId, includeRemoved: true });
}
