import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import type { CreateAlertRuleInput } from "@/lib/schemas/alerts";
import { auditChange } from "../audit/record-audit";
import { checkRuleReferences } from "./check-rule-references";
import { requestRuleSync } from "./request-rule-sync";
import { getAlertRule } from "./rule-view";

/**
 * Creates a rule of the caller's organisation. Its references must be the organisation's (422
 * otherwise); a metric rule reaches Prometheus through the rules sync, enqueued after commit.
 */
export async function createAlertRule({ ctx, input }: { ctx: OrgContext; input: CreateAlertRuleInput }) {
  const { channelIds = [], ...fields } = input;
  const rule = await prisma.$transaction(async (tx) => {
    await checkRuleReferences({ orgId: ctx.orgId, refs: { ...fields, channelIds }, db: tx });
    const created = await tx.alertRule.create({
      data: {
        orgId: ctx.orgId,
        name: fields.name,
        kind: fields.kind,
        clusterId: fields.clusterId ?? null,
        nodeId: fields.nodeId ?? null,
        applicationId: fields.applicationId ?? null,
        service: fields.service ?? null,
        loadBalancerId: fields.loadBalancerId ?? null,
        threshold: fields.threshold ?? null,
        forSeconds: fields.forSeconds ?? 60,
        severity: fields.severity ?? "WARNING",
        enabled: fields.enabled ?? true,
        channels: { create: [...new Set(channelIds)].map((channelId) => ({ channelId })) },
      },
      select: { id: true },
    });
    await auditChange(tx, ctx, "alert-rule.create", created.id, { ...fields, channelIds });
    return getAlertRule({ orgId: ctx.orgId, ruleId: created.id, db: tx });
  });
  await requestRuleSync(fields.kind);
  return rule;
}
