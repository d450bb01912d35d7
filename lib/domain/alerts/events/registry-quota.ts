/**
 * REGISTRY_QUOTA: the organisation's registry storage above `threshold` % of its quota, for the
 * rule's duration. Storage is measured in the registry (cached for a minute); when it cannot be
 * measured the evaluator throws, and the rule's alerts stay as they were (raise-event-alerts.ts).
 */
import { quotaLimits } from "../../quotas/quota-limits";
import { registryUsageBytes } from "../../quotas/registry-usage";
import type { ConditionEvaluator, EventCondition } from "./event-condition";

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

export const registryQuota: ConditionEvaluator = async (rules, now) => {
  const out: EventCondition[] = [];
  for (const rule of rules) {
    if (rule.threshold === null) continue;
    const [{ limits }, used] = await Promise.all([quotaLimits({ orgId: rule.orgId }), registryUsageBytes({ orgId: rule.orgId })]);
    const limit = limits.registryBytes;
    if (!(limit > 0)) continue;
    const percent = (used / limit) * 100;
    if (percent <= rule.threshold) continue;
    out.push({
      rule,
      subject: {},
      summary: `Registry storage at ${percent.toFixed(1)} % of the quota (${gib(used)} of ${gib(limit)}; above ${rule.threshold} %)`,
      startsAt: now,
      value: Math.round(percent * 10) / 10,
      holdSeconds: rule.forSeconds,
    });
  }
  return out;
};
