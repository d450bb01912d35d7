/** What an event rule's evaluator reports: one condition per subject that holds now. */
import type { AlertRule } from "@prisma/client";

/**
 * An alert rule as its evaluators read it: the stored row's fields (one definition, the Prisma
 * model's), without its bookkeeping. Metric rules (render-rule-file) derive theirs from this too.
 */
export type EventRule = Pick<
  AlertRule,
  | "id"
  | "orgId"
  | "name"
  | "kind"
  | "severity"
  | "threshold"
  | "forSeconds"
  | "clusterId"
  | "nodeId"
  | "applicationId"
  | "service"
  | "loadBalancerId"
  | "createdAt"
>;

export type EventCondition = {
  rule: EventRule;
  /** The subject's labels (cluster, node, application, service, load_balancer, listener…). */
  subject: Record<string, string>;
  summary: string;
  /** When the condition began, as far as Wharf knows (Alertmanager keeps the earliest it was told). */
  startsAt: Date;
  value?: number | null;
  /** The condition must have held this long (seen by consecutive runs) before the alert fires. */
  holdSeconds?: number;
};

export type ConditionEvaluator = (rules: EventRule[], now: Date) => Promise<EventCondition[]>;

/** The rule's scope as a Prisma-style filter on rows carrying these ids. */
export const byRuleScope = (rule: EventRule) => ({
  orgId: rule.orgId,
  ...(rule.clusterId ? { clusterId: rule.clusterId } : {}),
});
