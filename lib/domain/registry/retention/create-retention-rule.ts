import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import type { CreateRetentionRuleInput } from "@/lib/schemas/registry";
import { auditChange } from "../../audit/record-audit";
import { retentionRuleSelect, retentionRuleView } from "./retention-view";

export async function createRetentionRule({ ctx, input }: { ctx: OrgContext; input: CreateRetentionRuleInput }) {
  return prisma.$transaction(async (tx) => {
    const data = {
      repository: input.repository,
      keepLast: input.keepLast ?? null,
      keepDays: input.keepDays ?? null,
      enabled: input.enabled ?? true,
    };
    const rule = await tx.retentionRule.create({ data: { orgId: ctx.orgId, ...data }, select: retentionRuleSelect });
    await auditChange(tx, ctx, "retention-rule.create", rule.id, data);
    return retentionRuleView(rule);
  });
}
