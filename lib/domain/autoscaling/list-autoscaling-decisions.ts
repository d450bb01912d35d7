import { prisma, type Prisma } from "@/lib/db";
import { AUTOSCALING_ACTIONS, type AutoscalingDecisionView } from "@/lib/schemas/autoscaling";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

type DecisionRow = Prisma.AutoscalingDecisionGetPayload<object>;

export function toDecisionView(row: DecisionRow): AutoscalingDecisionView {
  const values = row.values && typeof row.values === "object" && !Array.isArray(row.values) ? (row.values as Record<string, unknown>) : {};
  return {
    id: row.id,
    ruleId: row.ruleId,
    applicationId: row.applicationId,
    service: row.service,
    at: row.at.toISOString(),
    lastAt: row.lastAt.toISOString(),
    repeats: row.repeats,
    action: AUTOSCALING_ACTIONS.find((a) => a === row.action) ?? "suppressed",
    reason: row.reason,
    fromReplicas: row.fromReplicas,
    toReplicas: row.toReplicas,
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "number" ? v : null])),
    explanation: row.explanation,
    deploymentId: row.deploymentId,
  };
}

export type ListDecisionsOptions = { orgId: string; ruleId?: string; applicationId?: string; since?: string; page: PaginationQuery };

/**
 * The organisation's decisions, newest first. `since` keeps those still current at that time: a
 * suppressed decision that repeated until after it counts (its lastAt), so a chart of a time range
 * gets every marker that falls in it.
 */
export async function listAutoscalingDecisions({ orgId, ruleId, applicationId, since, page }: ListDecisionsOptions) {
  const rows = await prisma.autoscalingDecision.findMany({
    where: {
      orgId,
      ...(ruleId ? { ruleId } : {}),
      ...(applicationId ? { applicationId } : {}),
      ...(since ? { lastAt: { gte: new Date(since) } } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  return { items: items.map(toDecisionView), nextCursor };
}
