import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";

export async function getOrganization({ ctx }: { ctx: Pick<OrgContext, "orgId" | "role"> }) {
  const org = await prisma.organization.findUnique({
    where: { id: ctx.orgId },
    select: { id: true, name: true, slug: true, createdAt: true },
  });
  if (!org) throw notFound("Organisation");
  return { ...org, role: ctx.role };
}
