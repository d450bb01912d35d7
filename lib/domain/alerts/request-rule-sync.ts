import { enqueue } from "@/lib/queue/enqueue";
import { alertRulesSyncJob } from "@/lib/queue/jobs";
import type { AlertRuleKind } from "@/lib/schemas/alerts";
import { PROMETHEUS_KINDS } from "./render-rule-file";

/**
 * After a rule of a kind Prometheus evaluates changed (committed): rewrite the rule file soon.
 * The schedule catches a trigger lost with Redis, so a failed enqueue is not the caller's error.
 */
export async function requestRuleSync(...kinds: AlertRuleKind[]): Promise<void> {
  if (!kinds.some((k) => PROMETHEUS_KINDS.has(k))) return;
  await enqueue(alertRulesSyncJob, {}).catch(() => undefined);
}
