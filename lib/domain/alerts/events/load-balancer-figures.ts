/**
 * LB_5XX_RATE and LB_NO_HEALTHY_BACKEND, evaluated by Wharf from the figures it already reads from
 * the balancers (driver.stats windows and driver.describe, as the release guard rails and the
 * traffic page do): the balancers' figures are not in Prometheus (the agent exports container and
 * node series only), so these two cannot be Prometheus rules.
 *
 *  - 5xx rate: per listener (route) Wharf applied, over the rule's duration (5 s to 10 min, the
 *    drivers' window), (5xx answers + connection errors) / requests × 100 > threshold. Connection
 *    errors count because the balancer answers 503 for them: what clients see.
 *  - no healthy backend: a listener Wharf applied whose pool holds no active, healthy backend,
 *    for the rule's duration.
 * A balancer that cannot be read (timeout, driver without windows) raises nothing and, because the
 * evaluator throws, resolves nothing either (raise-event-alerts.ts keeps the rule's alerts).
 */
import type { LbDriver } from "@prisma/client";
import { prisma } from "@/lib/db";
import type { LbDriverKind, ListenerKey } from "@/lib/drivers/lb/types";
import { lbDriver } from "../../traffic/lb-driver";
import { lbDriverKind, toLbHandle, type LbRowForHandle } from "../../traffic/lb-handle";
import { appliedOf } from "../../traffic/sync-cluster-traffic";
import { settle } from "../../load-balancers/with-timeout";
import type { ConditionEvaluator, EventCondition, EventRule } from "./event-condition";
import { errorPercent, healthyBackends, listenerLabel } from "./lb-figures";

const TIMEOUT_MS = 5_000;

type Verdict = Pick<EventCondition, "summary" | "value" | "holdSeconds"> | null;
type Lb = LbRowForHandle & { driver: LbDriver };

type Check = (key: ListenerKey, where: string) => Verdict;

/** Cloud APIs count (and throttle) every call: a cloud balancer is read at most every 15 s per worker (like live-reads.ts). */
const FRESH_MS: Record<LbDriverKind, number> = { haproxy: 0, "aliyun-slb": 15_000, "aws-elbv2": 15_000 };
const recent = new Map<string, { at: number; check: Check }>();

async function listenerCheck(rule: EventRule, lb: Lb): Promise<Check> {
  const kind = lbDriverKind(lb.driver);
  const cacheKey = `${lb.id}|${rule.kind}|${rule.forSeconds}|${rule.threshold}`;
  const hit = recent.get(cacheKey);
  if (hit && Date.now() - hit.at < FRESH_MS[kind]) return hit.check;
  const check = await readCheck(rule, lb);
  if (recent.size > 1000) recent.clear();
  recent.set(cacheKey, { at: Date.now(), check });
  return check;
}

/** Reads the balancer once for the rule's kind; returns the check of one listener. Throws when it cannot be read. */
async function readCheck(rule: EventRule, lb: Lb): Promise<Check> {
  const driver = lbDriver(lbDriverKind(lb.driver));
  const handle = toLbHandle(lb);
  if (rule.kind === "LB_5XX_RATE") {
    const windowMs = Math.min(600_000, Math.max(5_000, rule.forSeconds * 1000));
    const read = await settle(() => driver.stats(handle, { windowMs }), TIMEOUT_MS, lb.name);
    if (!read.ok) throw new Error(`load balancer ${lb.name} could not be read: ${read.error}`);
    const windows = read.value.windows;
    if (!read.value.available || !windows)
      throw new Error(`load balancer ${lb.name} reports no traffic windows (its driver cannot measure a 5xx rate)`);
    return (key, where) => {
      const rate = errorPercent(windows, key);
      if (!rate || rule.threshold === null || rate.percent <= rule.threshold) return null;
      return {
        summary: `5xx answers at ${rate.percent.toFixed(1)} % of ${rate.requests} requests on ${where} (above ${rule.threshold} %)`,
        value: Math.round(rate.percent * 10) / 10,
      };
    };
  }
  const read = await settle(() => driver.describe(handle), TIMEOUT_MS, lb.name);
  if (!read.ok) throw new Error(`load balancer ${lb.name} could not be read: ${read.error}`);
  return (key, where) =>
    healthyBackends(read.value.listeners, key) > 0
      ? null
      : { summary: `No healthy backend on ${where}`, value: 0, holdSeconds: rule.forSeconds };
}

async function evaluateRule(rule: EventRule): Promise<EventCondition[]> {
  const lbs = await prisma.loadBalancer.findMany({
    where: {
      orgId: rule.orgId,
      ...(rule.clusterId ? { clusterId: rule.clusterId } : {}),
      ...(rule.loadBalancerId ? { id: rule.loadBalancerId } : {}),
    },
    select: { id: true, name: true, clusterId: true, driver: true, settings: true, credentialsEnc: true, applied: true },
  });
  const out: EventCondition[] = [];
  for (const lb of lbs) {
    const listeners = appliedOf(lb)?.listeners ?? [];
    if (listeners.length === 0) continue;
    const check = await listenerCheck(rule, lb);
    const services = await prisma.appService.findMany({
      where: { id: { in: listeners.map((l) => l.service.appServiceId) }, orgId: rule.orgId },
      select: { id: true, name: true, application: { select: { name: true } } },
    });
    const names = new Map(services.map((a) => [a.id, { application: a.application.name, service: a.name }]));
    for (const l of listeners) {
      const key: ListenerKey = { port: l.port, protocol: l.protocol as ListenerKey["protocol"], ...(l.route ? { route: l.route } : {}) };
      const svc = names.get(l.service.appServiceId);
      const verdict = check(key, `${lb.name} ${listenerLabel(key)}${svc ? ` (${svc.application}/${svc.service})` : ""}`);
      if (verdict)
        out.push({
          rule,
          subject: { cluster: lb.clusterId, load_balancer: lb.id, listener: listenerLabel(key), ...(svc ?? {}) },
          startsAt: new Date(),
          ...verdict,
        });
    }
  }
  return out;
}

export const loadBalancerFigures: ConditionEvaluator = async (rules) => (await Promise.all(rules.map(evaluateRule))).flat();
