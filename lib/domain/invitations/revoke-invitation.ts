import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";

export async function revokeInvitation({ ctx, invitationId }: { ctx: OrgContext; invitationId: string }) {
  await prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { id: invitationId, orgId: ctx.orgId },
      select: { id: true, email: true, acceptedAt: true, revokedAt: true },
    });
    if (!invitation) throw notFound("Invitation");
    if (invitation.acceptedAt) throw new AppError("CONFLICT", "This invitation was already accepted; remove the member instead");
    if (invitation.revokedAt) return;
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await auditChange(tx, ctx, "invitation.revoke", invitation.id, { email: invitation.email });
  });
  return { ok: true as const };
}
