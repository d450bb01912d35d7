import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { revokeMemberTokens } from "../tokens/revoke-member-tokens";
import { guardOwnerChange } from "./guard-owners";
import { memberSelect } from "./list-members";

/**
 * Removes a member; their sessions lose access to this organisation at their next request and the
 * API tokens they created are revoked.
 */
export async function removeMember({ ctx, memberId }: { ctx: OrgContext; memberId: string }) {
  await prisma.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { id: memberId, orgId: ctx.orgId }, select: memberSelect });
    if (!member) throw notFound("Member");
    await guardOwnerChange({ ctx, target: member, db: tx });
    await tx.membership.delete({ where: { id: member.id } });
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "member.remove",
      targetType: "user",
      targetId: member.userId,
      details: { email: member.user.email, role: member.role },
    });
    // their API tokens act for them: they go with the membership (issue 9, finding 5b)
    await revokeMemberTokens({
      db: tx,
      orgId: ctx.orgId,
      userId: member.userId,
      actor: ctx.actor,
      reason: "creator removed from the organisation",
    });
  });
  return { ok: true as const };
}
