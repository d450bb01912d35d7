/** Autoscaling rules as the API and the console show them (lib/schemas/autoscaling.ts). */
import { prisma, type DbClient, type Prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { AUTOSCALING_METRICS, type AutoscalingRuleView } from "@/lib/schemas/autoscaling";
import { settingsFromRow, RULE_SETTINGS_SELECT } from "./rule-settings";

export const ruleViewSelect = {
  id: true,
  applicationId: true,
  serviceId: true,
  enabled: true,
  source: true,
  ...RULE_SETTINGS_SELECT,
  breachDirection: true,
  breachCount: true,
  lastEvaluatedAt: true,
  lastScaledAt: true,
  lastValues: true,
  updatedAt: true,
  application: { select: { name: true, clusterId: true } },
  service: { select: { name: true, replicas: true } },
} as const satisfies Prisma.AutoscalingRuleSelect;

type RuleRow = Prisma.AutoscalingRuleGetPayload<{ select: typeof ruleViewSelect }>;

/** The averages the last evaluation stored ({ cpu, memory, inRate, outRate, replicas }), or null. */
function currentValues(stored: unknown): AutoscalingRuleView["current"] {
  if (!stored || typeof stored !== "object") return null;
  const record = stored as Record<string, unknown>;
  const read = (key: string) => (typeof record[key] === "number" ? (record[key] as number) : null);
  return Object.fromEntries(AUTOSCALING_METRICS.map((m) => [m, read(m)])) as AutoscalingRuleView["current"];
}

export function toRuleView(row: RuleRow): AutoscalingRuleView {
  const { thresholds, ...settings } = settingsFromRow(row);
  return {
    id: row.id,
    applicationId: row.applicationId,
    applicationName: row.application.name,
    serviceId: row.serviceId,
    service: row.service.name,
    clusterId: row.application.clusterId,
    enabled: row.enabled,
    source: row.source === "console" ? "console" : "labels",
    thresholds,
    ...settings,
    replicas: row.service.replicas,
    current: currentValues(row.lastValues),
    breachDirection: row.breachDirection === "out" || row.breachDirection === "in" ? row.breachDirection : null,
    breachCount: row.breachCount,
    lastEvaluatedAt: row.lastEvaluatedAt?.toISOString() ?? null,
    lastScaledAt: row.lastScaledAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAutoscalingRules({
  orgId,
  applicationId,
}: {
  orgId: string;
  applicationId?: string;
}): Promise<{ items: AutoscalingRuleView[] }> {
  const rows = await prisma.autoscalingRule.findMany({
    where: { orgId, application: { deletedAt: null }, ...(applicationId ? { applicationId } : {}) },
    orderBy: [{ application: { name: "asc" } }, { service: { name: "asc" } }],
    select: ruleViewSelect,
  });
  return { items: rows.map(toRuleView) };
}

export async function getAutoscalingRule({
  orgId,
  ruleId,
  db = prisma,
}: {
  orgId: string;
  ruleId: string;
  db?: DbClient;
}): Promise<AutoscalingRuleView> {
  const row = await db.autoscalingRule.findFirst({
    where: { id: ruleId, orgId, application: { deletedAt: null } },
    select: ruleViewSelect,
  });
  if (!row) throw notFound("Autoscaling rule");
  return toRuleView(row);
}
