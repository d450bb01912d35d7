/**
 * The evaluator (job autoscaling.evaluate, every AUTOSCALING_EVALUATE_SECONDS): lease the rules
 * due, read their averages from Prometheus in a few grouped queries, decide each rule
 * (decide-scaling.ts, pure), scale through the same path as the console's Scale button
 * (scaleService: audit, SCALE deployment, the agent applies it; load balancer pools follow the
 * tasks), and record every evaluation. PostgreSQL holds all the state: losing Redis or a worker
 * loses at most one evaluation.
 */
import { systemActor } from "@/lib/auth/context";
import { createPrometheusClient, type PrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { mapLimit } from "@/lib/drivers/registry/describe-image";
import { prisma, type Prisma } from "@/lib/db";
import { envValue } from "@/lib/env";
import type { Logger } from "@/lib/logger";
import { scaleService } from "../applications/scale-service";
import { decideScaling, failedDecision, type Decision, type DecideResult, type Hold, type Observation } from "./decide-scaling";
import { leaseDueRules, releaseLeases } from "./lease-due-rules";
import { readRuleMetrics } from "./read-rule-metrics";
import { recordEvaluation, type PreviousDecision } from "./record-decision";
import { settingsFromRow, RULE_SETTINGS_SELECT } from "./rule-settings";

const AUTOSCALER = systemActor("autoscaler");

const ruleSelect = {
  id: true,
  orgId: true,
  applicationId: true,
  serviceId: true,
  updatedAt: true,
  lastEvaluatedAt: true,
  breachDirection: true,
  breachCount: true,
  lastScaledAt: true,
  ...RULE_SETTINGS_SELECT,
  service: { select: { name: true, replicas: true } },
  application: { select: { name: true, desiredState: true, deletedAt: true } },
} as const satisfies Prisma.AutoscalingRuleSelect;
type RuleRow = Prisma.AutoscalingRuleGetPayload<{ select: typeof ruleSelect }>;

/** A release or a queued/running deployment owns the application's services for now. */
async function findHolds(applicationIds: string[]): Promise<Map<string, NonNullable<Hold>>> {
  const holds = new Map<string, NonNullable<Hold>>();
  const deployments = await prisma.deployment.findMany({
    where: { applicationId: { in: applicationIds }, status: { in: ["QUEUED", "RUNNING"] } },
    select: { applicationId: true, kind: true },
  });
  for (const d of deployments)
    holds.set(d.applicationId, {
      reason: "deployment-in-progress",
      detail: `a ${d.kind.toLowerCase()} deployment of the application is in progress`,
    });
  const releases = await prisma.release.findMany({
    where: { activeKey: { in: applicationIds } },
    select: { applicationId: true, number: true },
  });
  for (const r of releases)
    holds.set(r.applicationId, { reason: "release-active", detail: `release #${r.number} of the application is in progress` });
  return holds;
}

async function previousDecisions(ruleIds: string[]): Promise<Map<string, PreviousDecision>> {
  const rows = await prisma.autoscalingDecision.findMany({
    where: { ruleId: { in: ruleIds } },
    orderBy: [{ ruleId: "asc" }, { at: "desc" }],
    distinct: ["ruleId"],
    select: { id: true, ruleId: true, action: true, reason: true, lastAt: true },
  });
  return new Map(rows.map((r) => [r.ruleId, r]));
}

type RuleInput = { rule: RuleRow; observation: Observation; hold: Hold; previous: PreviousDecision | undefined; now: Date; log: Logger };

/** Carries out a scaling decision; a refusal (a release started meanwhile, the app going away…) is recorded as suppressed. */
async function scale(input: RuleInput, result: DecideResult, decision: Decision): Promise<"scaled" | "failed"> {
  const { rule, now } = input;
  const record = { rule: { ...rule, service: rule.service.name }, observation: input.observation, previous: input.previous, now };
  let decisionId: string | null = null;
  try {
    await scaleService({
      ctx: { orgId: rule.orgId, actor: AUTOSCALER },
      applicationId: rule.applicationId,
      serviceId: rule.serviceId,
      replicas: decision.toReplicas,
      reason: decision.explanation,
      recorded: async (tx, deploymentId) =>
        void (decisionId = await recordEvaluation({ ...record, state: result, decision, deploymentId }, tx)),
    });
    return "scaled";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Committed, then queueing the job failed (Redis away): the applications sweep starts it.
    if (decisionId && (await prisma.autoscalingDecision.count({ where: { id: decisionId } }))) {
      input.log.warn({ ruleId: rule.id, error: message }, "autoscaling deployment recorded but not queued; the sweep will start it");
      return "scaled";
    }
    const release = await prisma.release.findUnique({ where: { activeKey: rule.applicationId }, select: { number: true } });
    const failed = failedDecision(decision, release ? "release-active" : "failed", message);
    // Keep the breaches: the next evaluation tries again if the metrics still say so.
    const state = {
      breachDirection: decision.action === "scale-out" ? ("out" as const) : ("in" as const),
      breachCount: decision.values.checks ?? 0,
    };
    await recordEvaluation({ ...record, state, decision: failed });
    input.log.warn({ ruleId: rule.id, error: message }, "autoscaling decision not carried out");
    return "failed";
  }
}

async function evaluateRule(input: RuleInput): Promise<"scaled" | "failed" | "recorded" | "quiet"> {
  const { rule, now } = input;
  const result = decideScaling({
    settings: settingsFromRow(rule),
    state: {
      breachDirection: rule.breachDirection === "out" || rule.breachDirection === "in" ? rule.breachDirection : null,
      breachCount: rule.breachCount,
      lastScaledAt: rule.lastScaledAt,
    },
    replicas: rule.service.replicas ?? 0,
    observation: input.observation,
    hold: input.hold,
    now,
  });
  const { decision } = result;
  if (decision && decision.action !== "suppressed") return scale(input, result, decision);
  await recordEvaluation({
    rule: { ...rule, service: rule.service.name },
    state: result,
    decision,
    observation: input.observation,
    previous: input.previous,
    now,
  });
  return decision ? "recorded" : "quiet";
}

export type EvaluateOptions = { log: Logger; prometheus?: PrometheusClient; now?: Date };

export async function evaluateAutoscaling({ log, prometheus = createPrometheusClient(), now = new Date() }: EvaluateOptions) {
  const ids = await leaseDueRules({ now, evaluateSeconds: envValue("AUTOSCALING_EVALUATE_SECONDS") });
  const counts = { evaluated: 0, scaled: 0, failed: 0, recorded: 0, quiet: 0 };
  if (ids.length === 0) return counts;
  const rows = await prisma.autoscalingRule.findMany({ where: { id: { in: ids } }, select: ruleSelect });
  // A stopped, deleting or global service is not scaled (and its rule not judged) until it runs again.
  const live = rows.filter((r) => !r.application.deletedAt && r.application.desiredState === "RUNNING" && r.service.replicas !== null);
  await releaseLeases(rows.filter((r) => !live.includes(r)).map((r) => r.id));
  if (live.length === 0) return counts;

  const [holds, previous, observations] = await Promise.all([
    findHolds([...new Set(live.map((r) => r.applicationId))]),
    previousDecisions(live.map((r) => r.id)),
    readRuleMetrics(
      prometheus,
      live.map((r) => ({
        ruleId: r.id,
        orgId: r.orgId,
        application: r.application.name,
        service: r.service.name,
        settings: settingsFromRow(r),
      })),
    ),
  ]);
  await mapLimit(live, 8, async (rule) => {
    const observation = observations.get(rule.id) ?? { kind: "unavailable", reason: "prometheus-error", message: "no reading" };
    try {
      counts[
        await evaluateRule({ rule, observation, hold: holds.get(rule.applicationId) ?? null, previous: previous.get(rule.id), now, log })
      ]++;
      counts.evaluated++;
    } catch (error) {
      log.error({ err: error, ruleId: rule.id }, "autoscaling rule not evaluated");
      await releaseLeases([rule.id]).catch(() => undefined);
    }
  });
  return counts;
}
