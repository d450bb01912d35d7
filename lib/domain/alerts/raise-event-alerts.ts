/**
 * Wharf's event rules, raised through Alertmanager like Prometheus' (the alerts.raise-events job,
 * every few seconds): each enabled event rule's evaluator reports the conditions that hold now;
 * those become alerts posted to Alertmanager (labels org, rule, severity, alertname and the subject),
 * with an end a few minutes ahead that every run pushes on (so they resolve by themselves if Wharf
 * stops), and the ones that stopped holding are posted with endsAt = now (resolved at once).
 * Alertmanager then routes, groups and silences them exactly like the metric rules' alerts.
 *
 * What the previous run posted is kept in Redis; when it is lost, alerts that stopped meanwhile
 * resolve by their end time instead. A rule whose evaluator fails keeps its alerts as they were.
 */
import { prisma } from "@/lib/db";
import { alertmanager, type PostableAlert } from "@/lib/drivers/alertmanager/alertmanager-client";
import type { Logger } from "@/lib/logger";
import { redis, redisKey } from "@/lib/redis";
import type { AlertRuleKind } from "@/lib/schemas/alerts";
import { autoscalingAtMax } from "./events/autoscaling-at-max";
import { deploymentFailed } from "./events/deployment-failed";
import type { ConditionEvaluator } from "./events/event-condition";
import { conditionKey, nextEntry, type Entry } from "./events/event-state";
import { loadBalancerFigures } from "./events/load-balancer-figures";
import { nodeUnreachable } from "./events/node-unreachable";
import { registryQuota } from "./events/registry-quota";
import { releaseFailed } from "./events/release-failed";
import { ALERT_RULE_SELECT } from "./alert-rule-select";

const EVALUATORS: Partial<Record<AlertRuleKind, ConditionEvaluator>> = {
  NODE_UNREACHABLE: nodeUnreachable,
  DEPLOYMENT_FAILED: deploymentFailed,
  RELEASE_FAILED: releaseFailed,
  AUTOSCALING_AT_MAX: autoscalingAtMax,
  REGISTRY_QUOTA: registryQuota,
  LB_5XX_RATE: loadBalancerFigures,
  LB_NO_HEALTHY_BACKEND: loadBalancerFigures,
};
export const EVENT_KINDS = Object.keys(EVALUATORS) as AlertRuleKind[];

/** How far ahead each post sets endsAt: alerts Wharf stops posting resolve by themselves after it. */
export const EVENT_ALERT_TTL_MS = 5 * 60_000;

const stateKey = () => redisKey("alerts", "event-alerts");
const lockKey = () => redisKey("alerts", "event-alerts-lock");

async function loadState(): Promise<Map<string, Entry>> {
  const text = await redis().get(stateKey());
  if (!text) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(text) as Record<string, Entry>));
  } catch {
    return new Map();
  }
}

export type RaiseResult = { rules: number; firing: number; resolved: number; failedRules: number; skipped?: boolean };

export async function raiseEventAlerts({ log, now = new Date() }: { log?: Logger; now?: Date } = {}): Promise<RaiseResult> {
  // One run at a time across workers: the state in Redis is read, then replaced.
  const locked = await redis().set(lockKey(), String(process.pid), "PX", 60_000, "NX");
  if (locked !== "OK") return { rules: 0, firing: 0, resolved: 0, failedRules: 0, skipped: true };
  try {
    return await raise(now, log);
  } finally {
    await redis().del(lockKey());
  }
}

async function raise(now: Date, log?: Logger): Promise<RaiseResult> {
  const rules = await prisma.alertRule.findMany({
    where: { enabled: true, kind: { in: EVENT_KINDS } },
    select: {
      ...ALERT_RULE_SELECT,
      loadBalancerId: true,
      createdAt: true,
    },
  });
  const previous = await loadState();
  const next = new Map<string, Entry>();
  let failedRules = 0;
  for (const rule of rules) {
    const evaluate = EVALUATORS[rule.kind];
    if (!evaluate) continue;
    try {
      for (const c of await evaluate([rule], now)) next.set(conditionKey(c), nextEntry(c, previous.get(conditionKey(c)), now));
    } catch (err) {
      failedRules++;
      log?.warn({ err, ruleId: rule.id, kind: rule.kind }, "an event rule could not be evaluated; its alerts stay as they were");
      for (const [key, entry] of previous) if (entry.ruleId === rule.id) next.set(key, entry);
    }
  }
  const endsAt = new Date(now.getTime() + EVENT_ALERT_TTL_MS).toISOString();
  const posted: PostableAlert[] = [];
  for (const e of next.values()) if (e.firing) posted.push({ labels: e.labels, annotations: e.annotations, startsAt: e.startsAt, endsAt });
  let resolved = 0;
  for (const [key, e] of previous) {
    if (!e.firing || next.get(key)?.firing) continue;
    posted.push({ labels: e.labels, annotations: e.annotations, startsAt: e.startsAt, endsAt: now.toISOString() });
    resolved++;
  }
  // Posted before the state is saved: if Alertmanager is down, the next run posts the resolutions again.
  await alertmanager().postAlerts(posted);
  await redis().set(stateKey(), JSON.stringify(Object.fromEntries(next)), "PX", 24 * 3600_000);
  return { rules: rules.length, firing: posted.length - resolved, resolved, failedRules };
}
