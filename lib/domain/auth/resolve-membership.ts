import type { Role } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";

/** The user's role in the organisation, or null when they are not a member. */
export async function resolveMembership({ userId, orgId }: { userId: string; orgId: string }): Promise<Role | null> {
  const membership = await prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } });
  return membership?.role ?? null;
}
