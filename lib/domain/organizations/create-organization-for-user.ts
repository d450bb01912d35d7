import type { UserContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { createOrganization } from "./create-organization";

/** A signed-in person creates another organisation, which becomes their active one. */
export async function createOrganizationForUser({ ctx, name }: { ctx: UserContext; name: string }) {
  return prisma.$transaction(async (tx) => {
    const org = await createOrganization({ userId: ctx.userId, name, actor: ctx.actor, db: tx });
    await tx.session.update({ where: { id: ctx.sessionId }, data: { activeOrgId: org.id } });
    return org;
  });
}
