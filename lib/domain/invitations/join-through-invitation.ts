import type { Actor } from "@/lib/auth/context";
import { sha256Hex } from "@/lib/crypto";
import { type DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";

export type JoinOptions = { token: string; userId: string; email: string; actor: Actor; db: DbClient };

/**
 * Turns a pending invitation addressed to this e-mail into a membership. Shared by sign-up with an
 * invitation and by "accept" for people who already have an account.
 */
export async function joinThroughInvitation({ token, userId, email, actor, db }: JoinOptions) {
  const invitation = await findUsableInvitation(token, db);
  if (invitation.email !== email.toLowerCase()) {
    throw new AppError("FORBIDDEN", `This invitation is addressed to ${invitation.email}; sign in with that e-mail to accept it`);
  }
  const existing = await db.membership.findUnique({ where: { orgId_userId: { orgId: invitation.orgId, userId } }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "You are already a member of this organisation");
  // Mark accepted only if still pending: two concurrent accepts cannot both succeed.
  const claimed = await db.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null },
    data: { acceptedAt: new Date() },
  });
  if (claimed.count !== 1) throw new AppError("GONE", "This invitation has already been used");
  await db.membership.create({ data: { orgId: invitation.orgId, userId, role: invitation.role } });
  await recordAudit({
    db,
    orgId: invitation.orgId,
    actor,
    action: "member.join",
    targetType: "user",
    targetId: userId,
    details: { email, role: invitation.role, invitationId: invitation.id },
  });
  return { id: invitation.orgId, ...invitation.org, role: invitation.role };
}

export async function findUsableInvitation(token: string, db: DbClient) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      orgId: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { name: true, slug: true, createdAt: true } },
    },
  });
  if (!invitation) throw new AppError("NOT_FOUND", "This invitation link is not valid");
  if (invitation.revokedAt) throw new AppError("GONE", "This invitation was revoked; ask for a new one");
  if (invitation.acceptedAt) throw new AppError("GONE", "This invitation has already been used");
  if (invitation.expiresAt <= new Date()) throw new AppError("GONE", "This invitation has expired; ask for a new one");
  return invitation;
}
