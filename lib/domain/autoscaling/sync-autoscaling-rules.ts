import type { AutoScaling } from "@/lib/compose/extensions";
import type { DbClient } from "@/lib/db";
import { columnsFromSettings, settingsFromLabels, settingsHash } from "./rule-settings";

export type SyncAutoscalingOptions = {
  db: DbClient;
  orgId: string;
  applicationId: string;
  /** Every service of the version being made current, with its parsed autoscaling labels. */
  services: Array<{ id: string; autoScaling?: AutoScaling }>;
};

/**
 * Makes the application's autoscaling rules follow its services' labels, in the caller's
 * transaction (the one that syncs the services). A service whose labels declare no rule loses its
 * rule. A rule edited in the console keeps its edits as long as the labels give the same rule as
 * when it was last taken from them (labelsHash); labels that changed win, and turn it back on.
 * The evaluator's state (breaches, last scaling) survives unless the settings change.
 */
export async function syncAutoscalingRules({ db, orgId, applicationId, services }: SyncAutoscalingOptions): Promise<void> {
  const existing = await db.autoscalingRule.findMany({
    where: { applicationId, orgId },
    select: { id: true, serviceId: true, labelsHash: true },
  });
  const byService = new Map(existing.map((r) => [r.serviceId, r]));
  const gone = services.filter((s) => !s.autoScaling && byService.has(s.id)).map((s) => byService.get(s.id)?.id ?? "");
  if (gone.length) await db.autoscalingRule.deleteMany({ where: { id: { in: gone }, orgId } });
  for (const service of services) {
    if (!service.autoScaling) continue;
    const settings = settingsFromLabels(service.autoScaling);
    const labelsHash = settingsHash(settings);
    const rule = byService.get(service.id);
    if (rule?.labelsHash === labelsHash) continue;
    const data = { ...columnsFromSettings(settings), labelsHash, source: "labels", enabled: true, breachDirection: null, breachCount: 0 };
    if (rule) await db.autoscalingRule.update({ where: { id: rule.id }, data });
    else await db.autoscalingRule.create({ data: { orgId, applicationId, serviceId: service.id, ...data } });
  }
}
