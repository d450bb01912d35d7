import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { invalidBody, notFound } from "@/lib/errors";
import { alertRuleProblems, type UpdateAlertRuleInput } from "@/lib/schemas/alerts";
import { auditChange } from "../audit/record-audit";
import { checkRuleReferences } from "./check-rule-references";
import { requestRuleSync } from "./request-rule-sync";
import { getAlertRule } from "./rule-view";

/**
 * Edits a rule. The result is checked like a new rule (threshold and scope against its kind: 422),
 * references must be the organisation's; `channelIds` replaces the rule's channels.
 */
export async function updateAlertRule({ ctx, ruleId, changes }: { ctx: OrgContext; ruleId: string; changes: UpdateAlertRuleInput }) {
  const { channelIds, ...fields } = changes;
  const { rule, kind } = await prisma.$transaction(async (tx) => {
    const row = await tx.alertRule.findFirst({
      where: { id: ruleId, orgId: ctx.orgId },
      select: {
        id: true,
        kind: true,
        threshold: true,
        clusterId: true,
        nodeId: true,
        applicationId: true,
        service: true,
        loadBalancerId: true,
      },
    });
    if (!row) throw notFound("Alert rule");
    const after = { ...row, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
    const problems = alertRuleProblems(after);
    const invalid = invalidBody(problems);
    if (invalid) throw invalid;
    await checkRuleReferences({ orgId: ctx.orgId, refs: { ...after, channelIds }, db: tx });
    await tx.alertRule.update({
      where: { id: row.id },
      data: {
        ...fields,
        ...(channelIds ? { channels: { deleteMany: {}, create: [...new Set(channelIds)].map((channelId) => ({ channelId })) } } : {}),
      },
    });
    await auditChange(tx, ctx, "alert-rule.update", row.id, changes);
    return { rule: await getAlertRule({ orgId: ctx.orgId, ruleId: row.id, db: tx }), kind: row.kind };
  });
  await requestRuleSync(kind);
  return rule;
}
