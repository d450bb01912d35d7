import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { createJoinToken, joinTokenSelect } from "./create-join-token";

export async function listJoinTokens({ orgId, clusterId }: { orgId: string; clusterId: string }) {
  const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
  const items = await prisma.joinToken.findMany({
    where: { clusterId, orgId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: joinTokenSelect,
  });
  return { items };
}

async function findToken(ctx: OrgContext, clusterId: string, joinTokenId: string) {
  const token = await prisma.joinToken.findFirst({
    where: { id: joinTokenId, clusterId, orgId: ctx.orgId },
    select: { id: true, role: true, prefix: true, revokedAt: true, maxUses: true },
  });
  if (!token) throw notFound("Join token");
  return token;
}

export async function revokeJoinToken({ ctx, clusterId, joinTokenId }: { ctx: OrgContext; clusterId: string; joinTokenId: string }) {
  const token = await findToken(ctx, clusterId, joinTokenId);
  if (!token.revokedAt) {
    await prisma.$transaction(async (tx) => {
      await tx.joinToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      await auditChange(tx, ctx, "join-token.revoke", token.id, { prefix: token.prefix });
    });
  }
  return { ok: true as const };
}

/** A new token of the same role and number of uses; the old one is revoked in the same transaction. */
export async function rotateJoinToken({ ctx, clusterId, joinTokenId }: { ctx: OrgContext; clusterId: string; joinTokenId: string }) {
  const token = await findToken(ctx, clusterId, joinTokenId);
  if (token.revokedAt) throw new AppError("CONFLICT", "This join token is already revoked; create a new one instead");
  return prisma.$transaction(async (tx) => {
    await tx.joinToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await auditChange(tx, ctx, "join-token.rotate", token.id, { prefix: token.prefix });
    return createJoinToken({
      orgId: ctx.orgId,
      clusterId,
      role: token.role,
      maxUses: token.maxUses,
      actor: ctx.actor,
      createdById: ctx.userId,
      db: tx,
    });
  });
}
