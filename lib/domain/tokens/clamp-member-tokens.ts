import type { Actor } from "@/lib/auth/context";
import { ROLES, roleAtLeast, type Role } from "@/lib/auth/permissions";
import { prisma, type DbClient } from "@/lib/db";
import { recordAudit } from "../audit/record-audit";

export type ClampMemberTokensOptions = { orgId: string; userId: string; role: Role; actor: Actor; db?: DbClient };

/**
 * Lowers the role of the live API tokens a person created in an organisation to their new role,
 * one audit entry per token. Called when they are demoted: a token never outranks its creator.
 */
export async function clampMemberTokens({ orgId, userId, role, actor, db = prisma }: ClampMemberTokensOptions): Promise<number> {
  const above = ROLES.filter((r) => r !== role && roleAtLeast(r, role));
  if (above.length === 0) return 0;
  const tokens = await db.apiToken.findMany({
    where: { orgId, createdById: userId, revokedAt: null, role: { in: above } },
    select: { id: true, name: true, prefix: true, role: true },
  });
  if (tokens.length === 0) return 0;
  await db.apiToken.updateMany({ where: { orgId, id: { in: tokens.map((t) => t.id) } }, data: { role } });
  for (const token of tokens) {
    await recordAudit({
      db,
      orgId,
      actor,
      action: "token.update-role",
      targetType: "api-token",
      targetId: token.id,
      details: { name: token.name, prefix: token.prefix, from: token.role, to: role, reason: "creator demoted" },
    });
  }
  return tokens.length;
}
