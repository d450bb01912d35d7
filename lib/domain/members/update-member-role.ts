import type { OrgContext } from "@/lib/auth/context";
import { canGrant, type Role } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { clampMemberTokens } from "../tokens/clamp-member-tokens";
import { guardOwnerChange } from "./guard-owners";
import { memberSelect, toMember } from "./list-members";

/** Changes a member's role; demoting them also lowers the API tokens they created to the new role. */
export async function updateMemberRole({ ctx, memberId, role }: { ctx: OrgContext; memberId: string; role: Role }) {
  if (!canGrant(ctx.role, role)) throw new AppError("FORBIDDEN", `You cannot make someone ${role.toLowerCase()}`);
  return prisma.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { id: memberId, orgId: ctx.orgId }, select: memberSelect });
    if (!member) throw notFound("Member");
    if (member.role === role) return toMember(member);
    await guardOwnerChange({ ctx, target: member, db: tx });
    const updated = await tx.membership.update({ where: { id: member.id }, data: { role }, select: memberSelect });
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "member.update-role",
      targetType: "user",
      targetId: member.userId,
      details: { email: member.user.email, from: member.role, to: role },
    });
    // a token never outranks its creator: a demotion lowers their tokens too (issue 9, finding 5b)
    await clampMemberTokens({ db: tx, orgId: ctx.orgId, userId: member.userId, role, actor: ctx.actor });
    return toMember(updated);
  });
}
