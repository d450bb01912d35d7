import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";

export type DeleteTemplateOptions = { ctx: OrgContext; templateId: string };

/** Deletes one of the organisation's templates; applications started from it are not affected. */
export async function deleteTemplate({ ctx, templateId }: DeleteTemplateOptions) {
  await prisma.$transaction(async (tx) => {
    const row = await tx.organizationTemplate.findFirst({ where: { id: templateId, orgId: ctx.orgId }, select: { id: true, name: true } });
    if (!row) throw notFound("Template");
    await tx.organizationTemplate.delete({ where: { id: row.id } });
    await auditChange(tx, ctx, "template.delete", row.id, { name: row.name });
  });
  return { ok: true as const };
}
