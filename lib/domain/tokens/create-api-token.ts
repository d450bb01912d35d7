import type { OrgContext } from "@/lib/auth/context";
import { canGrant } from "@/lib/auth/permissions";
import { generateSecret } from "@/lib/crypto";
import { prisma, type DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CreateApiTokenInput } from "@/lib/schemas/tokens";
import { recordAudit } from "../audit/record-audit";

export const apiTokenSelect = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

/**
 * The person a new token acts for: the signed-in creator, or — when an API token creates it — that
 * token's own creator, so removing or demoting that person reaches every token made on their behalf.
 */
async function accountablePerson(ctx: OrgContext, db: DbClient): Promise<string> {
  if (ctx.userId) return ctx.userId;
  const parent = ctx.tokenId
    ? await db.apiToken.findFirst({ where: { id: ctx.tokenId, orgId: ctx.orgId }, select: { createdById: true } })
    : null;
  if (!parent?.createdById) throw new AppError("FORBIDDEN", "This API token has no accountable creator and cannot create tokens");
  return parent.createdById;
}

/** Creates an organisation-scoped token. The secret is returned once; only its hash is kept. */
export async function createApiToken({ ctx, input }: { ctx: OrgContext; input: CreateApiTokenInput }) {
  if (!canGrant(ctx.role, input.role))
    throw new AppError("FORBIDDEN", `You cannot create a token with the ${input.role.toLowerCase()} role`);
  const { secret, hash, prefix } = generateSecret("pat");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await prisma.$transaction(async (tx) => {
    const createdById = await accountablePerson(ctx, tx);
    const created = await tx.apiToken.create({
      data: { orgId: ctx.orgId, name: input.name, role: input.role, tokenHash: hash, prefix, createdById, expiresAt },
      select: apiTokenSelect,
    });
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "token.create",
      targetType: "api-token",
      targetId: created.id,
      details: { name: input.name, role: input.role, prefix },
    });
    return created;
  });
  return { ...token, token: secret };
}
