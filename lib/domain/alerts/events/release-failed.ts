/**
 * RELEASE_FAILED: an application whose latest finished release failed (something broke and it was
 * rolled back), after the rule was created. Resolved by the next release that completes.
 */
import { prisma } from "@/lib/db";
import type { ConditionEvaluator, EventCondition } from "./event-condition";
import { ruleApplications } from "./rule-applications";

export const releaseFailed: ConditionEvaluator = async (rules) => {
  const out: EventCondition[] = [];
  for (const rule of rules) {
    const failed = await prisma.release.findMany({
      where: {
        orgId: rule.orgId,
        state: "FAILED",
        finishedAt: { gte: rule.createdAt },
        application: ruleApplications(rule),
        ...(rule.applicationId ? { applicationId: rule.applicationId } : {}),
      },
      orderBy: { finishedAt: "desc" },
      distinct: ["applicationId"],
      select: {
        id: true,
        number: true,
        applicationId: true,
        error: true,
        finishedAt: true,
        application: { select: { name: true, clusterId: true } },
      },
      take: 200,
    });
    for (const r of failed) {
      if (!r.finishedAt) continue;
      const later = await prisma.release.findFirst({
        where: { applicationId: r.applicationId, state: "DONE", finishedAt: { gt: r.finishedAt } },
        select: { id: true },
      });
      if (later) continue;
      out.push({
        rule,
        subject: { cluster: r.application.clusterId, application: r.application.name },
        summary: `Release #${r.number} of ${r.application.name} failed and was rolled back: ${(r.error ?? "no reason recorded").slice(0, 300)}`,
        startsAt: r.finishedAt,
      });
    }
  }
  return out;
};
