import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { auditChange } from "../audit/record-audit";

/** Renames the organisation. The slug stays: it names registry repositories that clients pull. */
export async function updateOrganization({ ctx, name }: { ctx: OrgContext; name: string }) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { name: true } });
    const org = await tx.organization.update({
      where: { id: ctx.orgId },
      data: { name },
      select: { id: true, name: true, slug: true, createdAt: true },
    });
    await auditChange(tx, ctx, "organization.update", ctx.orgId, { from: before.name, to: name });
    return { ...org, role: ctx.role };
  });
}
