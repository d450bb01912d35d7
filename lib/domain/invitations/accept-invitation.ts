import type { UserContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { joinThroughInvitation } from "./join-through-invitation";

/** An existing account joins the invitation's organisation, which becomes active. */
export async function acceptInvitation({ ctx, token }: { ctx: UserContext; token: string }) {
  return prisma.$transaction(async (tx) => {
    const org = await joinThroughInvitation({ token, userId: ctx.userId, email: ctx.email, actor: ctx.actor, db: tx });
    await tx.session.update({ where: { id: ctx.sessionId }, data: { activeOrgId: org.id } });
    return org;
  });
}
