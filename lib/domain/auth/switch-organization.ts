import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { getMe } from "./get-me";

export async function switchOrganization({ userId, sessionId, orgId }: { userId: string; sessionId: string; orgId: string }) {
  const membership = await prisma.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { id: true } });
  if (!membership) throw notFound("Organisation");
  await prisma.session.update({ where: { id: sessionId }, data: { activeOrgId: orgId } });
  return getMe({ userId, activeOrgId: orgId });
}
