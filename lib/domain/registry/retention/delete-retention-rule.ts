import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../../audit/record-audit";

export async function deleteRetentionRule({ ctx, ruleId }: { ctx: OrgContext; ruleId: string }) {
  await prisma.$transaction(async (tx) => {
    const rule = await tx.retentionRule.findFirst({ where: { id: ruleId, orgId: ctx.orgId }, select: { id: true, repository: true } });
    if (!rule) throw notFound("Retention rule");
    await tx.retentionRule.delete({ where: { id: rule.id } });
    await auditChange(tx, ctx, "retention-rule.delete", rule.id, { repository: rule.repository });
  });
  return { ok: true as const };
}
