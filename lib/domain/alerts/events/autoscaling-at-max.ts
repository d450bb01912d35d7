/**
 * AUTOSCALING_AT_MAX: an autoscaling rule whose evaluations keep deciding "scale out" but are held
 * back because the service is at its maximum (a suppressed decision, reason "at-max", still being
 * repeated). Resolved once the latest decision is anything else, or the evaluations stop saying so.
 */
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { ConditionEvaluator, EventCondition } from "./event-condition";
import { ruleApplications } from "./rule-applications";

/** A repeated decision's lastAt moves every evaluation; older than this, it no longer holds. */
const freshMs = () => Math.max(60, 3 * env.AUTOSCALING_EVALUATE_SECONDS) * 1000;

export const autoscalingAtMax: ConditionEvaluator = async (rules, now) => {
  const out: EventCondition[] = [];
  for (const rule of rules) {
    const decisions = await prisma.autoscalingDecision.findMany({
      where: {
        orgId: rule.orgId,
        action: "suppressed",
        reason: "at-max",
        lastAt: { gte: new Date(now.getTime() - freshMs()) },
        ...(rule.applicationId ? { applicationId: rule.applicationId } : {}),
        ...(rule.service ? { service: rule.service } : {}),
        rule: { application: ruleApplications(rule) },
      },
      orderBy: { at: "desc" },
      select: {
        ruleId: true,
        at: true,
        service: true,
        toReplicas: true,
        fromReplicas: true,
        explanation: true,
        rule: { select: { maxInstances: true, application: { select: { name: true, clusterId: true } } } },
      },
      take: 500,
    });
    const seen = new Set<string>();
    for (const d of decisions) {
      if (seen.has(d.ruleId)) continue;
      seen.add(d.ruleId);
      const newer = await prisma.autoscalingDecision.findFirst({ where: { ruleId: d.ruleId, at: { gt: d.at } }, select: { id: true } });
      if (newer) continue;
      const app = d.rule.application;
      out.push({
        rule,
        subject: { cluster: app.clusterId, application: app.name, service: d.service },
        summary: `Autoscaling of ${app.name}/${d.service} is at its maximum of ${d.rule.maxInstances} instances and wants more: ${d.explanation.slice(0, 300)}`,
        startsAt: d.at,
        value: d.fromReplicas,
      });
    }
  }
  return out;
};
