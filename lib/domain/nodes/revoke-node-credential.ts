import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { disconnectNode } from "./disconnect-node";
import { getNode } from "./get-node";

/** Revokes the agent's credential: it is disconnected at once and refused when it reconnects. */
export async function revokeNodeCredential({ ctx, nodeId }: { ctx: OrgContext; nodeId: string }) {
  await prisma.$transaction(async (tx) => {
    const node = await tx.node.findFirst({
      where: { id: nodeId, orgId: ctx.orgId, removedAt: null },
      select: { id: true, hostname: true, credentialRevokedAt: true },
    });
    if (!node) throw notFound("Node");
    if (node.credentialRevokedAt) return;
    await tx.node.update({ where: { id: node.id }, data: { credentialRevokedAt: new Date() } });
    await auditChange(tx, ctx, "node.revoke-credential", node.id, { hostname: node.hostname });
  });
  await disconnectNode({ nodeId, reason: "credential-revoked" });
  return getNode({ orgId: ctx.orgId, nodeId });
}
