import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { operatorStatus } from "../installation/is-operator";

/**
 * The signed-in user's profile and organisations. When the remembered active organisation is no
 * longer theirs, the oldest membership becomes active so the console never shows a dead org.
 */
export async function getMe(
  { userId, sessionId, activeOrgId }: { userId: string; sessionId?: string; activeOrgId: string | null },
  db: DbClient = prisma,
) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      createdAt: true,
      isOperator: true,
      memberships: { orderBy: { createdAt: "asc" }, select: { role: true, org: { select: { id: true, name: true, slug: true } } } },
    },
  });
  if (!user) throw notFound("User");
  const memberships = user.memberships.map((m) => ({
    organizationId: m.org.id,
    organizationName: m.org.name,
    organizationSlug: m.org.slug,
    role: m.role,
  }));
  let active = memberships.find((m) => m.organizationId === activeOrgId)?.organizationId ?? memberships[0]?.organizationId ?? null;
  if (sessionId && active !== activeOrgId) {
    await db.session.update({ where: { id: sessionId }, data: { activeOrgId: active } });
  }
  active ??= null;
  const operator = operatorStatus(user);
  return {
    user: { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt, isOperator: operator },
    activeOrganizationId: active,
    memberships,
  };
}
