import { prisma, type DbClient, type Prisma } from "@/lib/db";
import { recordEvent } from "../applications/record-event";
import type { DecideResult, Decision, MetricValues, Observation } from "./decide-scaling";

/** What the evaluator knows of a rule when it records an evaluation. */
export type EvaluatedRule = {
  id: string;
  orgId: string;
  applicationId: string;
  service: string;
  updatedAt: Date;
  lastEvaluatedAt: Date | null;
};

/** The rule's newest decision row, to count a repeated suppression on it. */
export type PreviousDecision = { id: string; action: string; reason: string; lastAt: Date };

export type EvaluationRecord = {
  rule: EvaluatedRule;
  /** The breach state to store (as decided, or adjusted by the caller). */
  state: Pick<DecideResult, "breachDirection" | "breachCount">;
  decision: Decision | null;
  observation: Observation;
  previous: PreviousDecision | undefined;
  now: Date;
  /** Set when the decision scaled: the deployment that carries it out. */
  deploymentId?: string;
};

/** The same suppression as the previous evaluation's: one more repeat, not one more row. */
function repeats(r: EvaluationRecord): boolean {
  const { decision, previous, rule } = r;
  if (
    decision?.action !== "suppressed" ||
    previous?.action !== "suppressed" ||
    previous.reason !== decision.reason ||
    !rule.lastEvaluatedAt
  )
    return false;
  return previous.lastAt.getTime() >= rule.lastEvaluatedAt.getTime() - 1000;
}

function lastValues(r: EvaluationRecord): Prisma.InputJsonValue {
  const values: MetricValues =
    r.observation.kind === "values" ? r.observation.values : { cpu: null, memory: null, inRate: null, outRate: null };
  return { ...values, replicas: r.decision?.toReplicas ?? null };
}

/**
 * Writes one evaluation in the caller's transaction: the decision (a new row, or a repeat of the
 * previous suppression), the rule's state (breaches, values seen, lease given back, the time of a
 * scaling), and for a real scaling an entry in the application's timeline.
 */
export async function recordEvaluation(r: EvaluationRecord, db: DbClient = prisma): Promise<string | null> {
  const { rule, decision, now } = r;
  let decisionId: string | null = null;
  if (decision && r.previous && repeats(r)) {
    await db.autoscalingDecision.update({
      where: { id: r.previous.id },
      data: { repeats: { increment: 1 }, lastAt: now, values: decision.values, explanation: decision.explanation },
    });
    decisionId = r.previous.id;
  } else if (decision) {
    const row = await db.autoscalingDecision.create({
      data: {
        orgId: rule.orgId,
        ruleId: rule.id,
        applicationId: rule.applicationId,
        service: rule.service,
        at: now,
        lastAt: now,
        action: decision.action,
        reason: decision.reason,
        fromReplicas: decision.fromReplicas,
        toReplicas: decision.toReplicas,
        values: decision.values,
        explanation: decision.explanation,
        deploymentId: r.deploymentId ?? null,
      },
      select: { id: true },
    });
    decisionId = row.id;
  }
  const scaled = decision !== null && decision.action !== "suppressed";
  await db.autoscalingRule.update({
    where: { id: rule.id },
    data: {
      breachDirection: r.state.breachDirection,
      breachCount: r.state.breachCount,
      lastEvaluatedAt: now,
      lastValues: lastValues(r),
      leaseUntil: null,
      ...(scaled ? { lastScaledAt: now } : {}),
      // Evaluations are not edits: updatedAt stays the time the rule was last changed.
      updatedAt: rule.updatedAt,
    },
  });
  if (scaled) {
    await recordEvent({
      db,
      orgId: rule.orgId,
      applicationId: rule.applicationId,
      service: rule.service,
      type: `autoscaling.${decision.action}`,
      message: `Autoscaling ${rule.service}: ${decision.explanation}`,
      details: {
        ruleId: rule.id,
        decisionId,
        deploymentId: r.deploymentId ?? null,
        reason: decision.reason,
        fromReplicas: decision.fromReplicas,
        toReplicas: decision.toReplicas,
        values: decision.values,
      },
    });
  }
  return decisionId;
}
