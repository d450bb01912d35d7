import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { UpdateRetentionRuleInput } from "@/lib/schemas/registry";
import { auditChange } from "../../audit/record-audit";
import { retentionRuleSelect, retentionRuleView } from "./retention-view";

export async function updateRetentionRule({ ctx, ruleId, input }: { ctx: OrgContext; ruleId: string; input: UpdateRetentionRuleInput }) {
  return prisma.$transaction(async (tx) => {
    const rule = await tx.retentionRule.findFirst({
      where: { id: ruleId, orgId: ctx.orgId },
      select: { id: true, keepLast: true, keepDays: true },
    });
    if (!rule) throw notFound("Retention rule");
    const keepLast = input.keepLast !== undefined ? input.keepLast : rule.keepLast;
    const keepDays = input.keepDays !== undefined ? input.keepDays : rule.keepDays;
    if (keepLast == null && keepDays == null) {
      throw new AppError("INVALID_INPUT", "A rule needs keepLast, keepDays or both", [
        { path: "body.keepLast", message: "set keepLast, keepDays or both" },
      ]);
    }
    const updated = await tx.retentionRule.update({ where: { id: rule.id }, data: input, select: retentionRuleSelect });
    await auditChange(tx, ctx, "retention-rule.update", rule.id, { ...input });
    return retentionRuleView(updated);
  });
}
