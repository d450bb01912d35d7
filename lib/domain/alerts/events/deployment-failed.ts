/**
 * DEPLOYMENT_FAILED: an application whose latest finished deployment failed, if it failed after
 * the rule was created (a new rule does not fire on old history). Resolved by the next deployment
 * that succeeds. A deployment of one service (a scale) concerns that service only.
 */
import { prisma } from "@/lib/db";
import type { ConditionEvaluator, EventCondition } from "./event-condition";
import { ruleApplications } from "./rule-applications";

const serviceOf = (params: unknown): string | null => {
  const s = params && typeof params === "object" && !Array.isArray(params) ? (params as { service?: unknown }).service : undefined;
  return typeof s === "string" ? s : null;
};

export const deploymentFailed: ConditionEvaluator = async (rules) => {
  const out: EventCondition[] = [];
  for (const rule of rules) {
    const failed = await prisma.deployment.findMany({
      where: {
        orgId: rule.orgId,
        status: "FAILED",
        finishedAt: { gte: rule.createdAt },
        application: ruleApplications(rule),
        ...(rule.applicationId ? { applicationId: rule.applicationId } : {}),
      },
      orderBy: { finishedAt: "desc" },
      select: {
        id: true,
        applicationId: true,
        kind: true,
        params: true,
        error: true,
        finishedAt: true,
        application: { select: { name: true, clusterId: true } },
      },
      take: 200,
    });
    const seen = new Set<string>();
    for (const d of failed) {
      const service = serviceOf(d.params);
      if (rule.service && service !== null && service !== rule.service) continue;
      const key = `${d.applicationId}/${service ?? ""}`;
      if (seen.has(key) || !d.finishedAt) continue;
      seen.add(key);
      // Still the latest word on it? A later success (of the application, or of this service) resolves it.
      const later = await prisma.deployment.findFirst({
        where: { applicationId: d.applicationId, status: "SUCCEEDED", finishedAt: { gt: d.finishedAt } },
        select: { params: true },
        orderBy: { finishedAt: "desc" },
      });
      if (later && (service === null ? serviceOf(later.params) === null : [null, service].includes(serviceOf(later.params)))) continue;
      out.push({
        rule,
        subject: { cluster: d.application.clusterId, application: d.application.name, ...(service ? { service } : {}) },
        summary: `Deployment of ${d.application.name}${service ? `/${service}` : ""} failed (${d.kind.toLowerCase()}): ${(d.error ?? "no reason recorded").slice(0, 300)}`,
        startsAt: d.finishedAt,
      });
    }
  }
  return out;
};
