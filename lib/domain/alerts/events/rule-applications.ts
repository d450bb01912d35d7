import type { EventRule } from "./event-condition";

/**
 * A filter on the application a row belongs to: a live one (deleted applications raise nothing),
 * in the rule's cluster when it names one.
 */
export const ruleApplications = (rule: Pick<EventRule, "clusterId">) => ({
  deletedAt: null,
  ...(rule.clusterId ? { clusterId: rule.clusterId } : {}),
});
