import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";

/** Revokes a token; the next request made with it gets 401. Revoking twice is harmless. */
export async function revokeApiToken({ ctx, tokenId }: { ctx: OrgContext; tokenId: string }) {
  await prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { id: tokenId, orgId: ctx.orgId },
      select: { id: true, name: true, revokedAt: true },
    });
    if (!token) throw notFound("API token");
    if (token.revokedAt) return;
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "token.revoke",
      targetType: "api-token",
      targetId: token.id,
      details: { name: token.name },
    });
  });
  return { ok: true as const };
}
