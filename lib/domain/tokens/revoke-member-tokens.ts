import type { Actor } from "@/lib/auth/context";
import { prisma, type DbClient } from "@/lib/db";
import { recordAudit } from "../audit/record-audit";

export type RevokeMemberTokensOptions = { orgId: string; userId: string; actor: Actor; reason: string; db?: DbClient };

/**
 * Revokes the live API tokens a person created in an organisation, one audit entry per token.
 * Called when they leave it: a token acts for its creator and must not outlive their membership.
 */
export async function revokeMemberTokens({ orgId, userId, actor, reason, db = prisma }: RevokeMemberTokensOptions): Promise<number> {
  const tokens = await db.apiToken.findMany({
    where: { orgId, createdById: userId, revokedAt: null },
    select: { id: true, name: true, prefix: true },
  });
  if (tokens.length === 0) return 0;
  await db.apiToken.updateMany({ where: { orgId, id: { in: tokens.map((t) => t.id) } }, data: { revokedAt: new Date() } });
  for (const token of tokens) {
    await recordAudit({
      db,
      orgId,
      actor,
      action: "token.revoke",
      targetType: "api-token",
      targetId: token.id,
      details: { name: token.name, prefix: token.prefix, reason },
    });
  }
  return tokens.length;
}
