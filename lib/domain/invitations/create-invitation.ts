import type { OrgContext } from "@/lib/auth/context";
import { canGrant, type Role } from "@/lib/auth/permissions";
import { generateSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";

const INVITATION_TTL_DAYS = 7;

export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
} as const;

/** Invites an e-mail address with a role; the link (with its one-time secret) is returned once. */
export async function createInvitation({ ctx, email, role }: { ctx: OrgContext; email: string; role: Role }) {
  if (!canGrant(ctx.role, role)) throw new AppError("FORBIDDEN", `You cannot invite someone as ${role.toLowerCase()}`);
  const { secret, hash } = generateSecret("inv");
  const invitation = await prisma.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { orgId: ctx.orgId, user: { email } }, select: { id: true } });
    if (member) throw new AppError("CONFLICT", `${email} is already a member`);
    // One live invitation per address: a new one replaces older pending ones.
    await tx.invitation.updateMany({
      where: { orgId: ctx.orgId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const created = await tx.invitation.create({
      data: {
        orgId: ctx.orgId,
        email,
        role,
        tokenHash: hash,
        invitedById: ctx.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
      },
      select: invitationSelect,
    });
    await auditChange(tx, ctx, "invitation.create", created.id, { email, role });
    return created;
  });
  const acceptUrl = new URL(`/invite?token=${encodeURIComponent(secret)}`, env.PUBLIC_URL).toString();
  return { ...invitation, token: secret, acceptUrl };
}
