/** Alert rules as the API shows them: scope, threshold, channels, and how many alerts fire now. */
import type { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { ALERT_KIND_INFO, type AlertRuleView } from "@/lib/schemas/alerts";
import type { Wire } from "@/lib/schemas/endpoint";

export const alertRuleSelect = {
  id: true,
  name: true,
  kind: true,
  clusterId: true,
  nodeId: true,
  applicationId: true,
  service: true,
  loadBalancerId: true,
  threshold: true,
  forSeconds: true,
  severity: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  channels: { select: { channel: { select: { id: true, name: true, kind: true } } }, orderBy: { channel: { name: "asc" } } },
  _count: { select: { alerts: { where: { state: "FIRING" } } } },
} satisfies Prisma.AlertRuleSelect;

type Row = Prisma.AlertRuleGetPayload<{ select: typeof alertRuleSelect }>;

export function toAlertRuleView(row: Row): Wire<AlertRuleView> {
  const { channels, _count, ...rest } = row;
  return { ...rest, evaluatedBy: ALERT_KIND_INFO[row.kind].evaluatedBy, channels: channels.map((c) => c.channel), firing: _count.alerts };
}

export async function listAlertRules({ orgId }: { orgId: string }) {
  const rows = await prisma.alertRule.findMany({ where: { orgId }, orderBy: [{ name: "asc" }], select: alertRuleSelect });
  return { items: rows.map(toAlertRuleView) };
}

export async function getAlertRule({ orgId, ruleId, db = prisma }: { orgId: string; ruleId: string; db?: DbClient }) {
  const row = await db.alertRule.findFirst({ where: { id: ruleId, orgId }, select: alertRuleSelect });
  if (!row) throw notFound("Alert rule");
  return toAlertRuleView(row);
}
