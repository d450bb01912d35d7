import type { OrgContext } from "@/lib/auth/context";
import { ruleProblems, type ThresholdSet } from "@/lib/compose/auto-scaling-checks";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { AUTOSCALING_METRICS, type AutoscalingRuleView, type UpdateAutoscalingRuleInput } from "@/lib/schemas/autoscaling";
import { recordAudit } from "../audit/record-audit";
import { recordEvent } from "../applications/record-event";
import { columnsFromSettings, METRIC_FACTS, settingsFromRow, type RuleSettings, RULE_SETTINGS_SELECT } from "./rule-settings";
import { getAutoscalingRule } from "./rule-view";

/** A label field ("max_cpu", "min_instances") as the API spells it ("thresholds.cpu.max", "minInstances"). */
function apiField(field: string): string {
  if (field === "min_instances") return "minInstances";
  if (field === "max_instances") return "maxInstances";
  const [bound = "", label] = field.split("_");
  const metric = AUTOSCALING_METRICS.find((m) => METRIC_FACTS[m].label === label);
  return metric ? `thresholds.${metric}.${bound}` : field;
}

function merged(current: RuleSettings, changes: UpdateAutoscalingRuleInput): RuleSettings {
  const { thresholds: thresholdChanges, enabled: _enabled, ...rest } = changes;
  const thresholds = { ...current.thresholds };
  for (const metric of AUTOSCALING_METRICS) thresholds[metric] = { ...thresholds[metric], ...thresholdChanges?.[metric] };
  return { ...current, ...rest, thresholds };
}

/** "maxInstances 6 → 3, thresholds.cpu.max 70 → 80" */
function describeChanges(before: RuleSettings, after: RuleSettings): string[] {
  const flat = (s: RuleSettings) => columnsFromSettings(s) as Record<string, number | null>;
  const [a, b] = [flat(before), flat(after)];
  const show = (v: number | null) => (v === null ? "none" : String(v));
  return Object.keys(b)
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k} ${show(a[k] ?? null)} → ${show(b[k] ?? null)}`);
}

/**
 * A console edit of a rule: checked like the labels (ranges, a 30-point gap between percent
 * thresholds, min below max, minInstances ≤ maxInstances → 400 saying which), stored as
 * source "console" and audited. The evaluator reads the row every few seconds, so it takes effect
 * at the next evaluation, without a redeploy; a deploy whose labels give the same rule keeps it.
 */
export async function updateAutoscalingRule({
  ctx,
  ruleId,
  changes,
}: {
  ctx: OrgContext;
  ruleId: string;
  changes: UpdateAutoscalingRuleInput;
}): Promise<AutoscalingRuleView> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.autoscalingRule.findFirst({
      where: { id: ruleId, orgId: ctx.orgId, application: { deletedAt: null } },
      select: {
        id: true,
        applicationId: true,
        enabled: true,
        ...RULE_SETTINGS_SELECT,
        service: { select: { name: true } },
      },
    });
    if (!row) throw notFound("Autoscaling rule");
    const before = settingsFromRow(row);
    const after = merged(before, changes);
    const thresholds: ThresholdSet = Object.fromEntries(AUTOSCALING_METRICS.map((m) => [METRIC_FACTS[m].label, after.thresholds[m]]));
    const problems = ruleProblems({ thresholds, minInstances: after.minInstances, maxInstances: after.maxInstances }, apiField);
    if (problems.length)
      throw new AppError("BAD_REQUEST", problems.map((p) => p.message).join("; "), {
        problems: problems.map((p) => ({ field: apiField(p.field), message: p.message })),
      });

    const enabled = changes.enabled ?? row.enabled;
    await tx.autoscalingRule.update({
      where: { id: row.id },
      // Counted breaches were against the old settings: start over.
      data: { ...columnsFromSettings(after), enabled, source: "console", breachDirection: null, breachCount: 0 },
    });
    const edits = [...describeChanges(before, after), ...(enabled !== row.enabled ? [enabled ? "enabled" : "disabled"] : [])];
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: ctx.actor,
      action: "autoscaling.update",
      targetType: "autoscaling-rule",
      targetId: row.id,
      details: { applicationId: row.applicationId, service: row.service.name, changes: edits },
    });
    await recordEvent({
      db: tx,
      orgId: ctx.orgId,
      applicationId: row.applicationId,
      service: row.service.name,
      type: "autoscaling.rule-updated",
      message: `Autoscaling rule of ${row.service.name} edited by ${ctx.actor.label}: ${edits.length ? edits.join(", ") : "no change"}`,
      details: { ruleId: row.id, changes: edits },
    });
    return getAutoscalingRule({ orgId: ctx.orgId, ruleId: row.id, db: tx });
  });
}
