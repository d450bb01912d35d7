/**
 * The alerts.raise-events job: event rules raised in Alertmanager, silences kept in step with it,
 * and alerts its silences hold back recorded. Each part runs even if another failed (Alertmanager
 * down is reported once, by the first part that needed it).
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { raiseEventAlerts } from "./raise-event-alerts";
import { recordSilencedAlerts } from "./record-silenced-alerts";
import { reconcileSilences } from "./silence-sync";

export async function runAlertEvents({ log }: { log?: Logger } = {}) {
  // An installation without rules or silences leaves Alertmanager alone (nothing to raise or mirror).
  const [ruleCount, silenceCount] = await Promise.all([
    prisma.alertRule.count(),
    prisma.alertSilence.count({ where: { expiredAt: null, endsAt: { gt: new Date() } } }),
  ]);
  if (ruleCount === 0 && silenceCount === 0) return { raised: null, silences: null, silenced: null };
  const raised = await raiseEventAlerts({ log }).catch((err: unknown) => {
    log?.warn({ err }, "event alerts could not be raised");
    return null;
  });
  const silences = await reconcileSilences({ log }).catch((err: unknown) => {
    log?.warn({ err }, "silences could not be reconciled with Alertmanager");
    return null;
  });
  const silenced = await recordSilencedAlerts().catch((err: unknown) => {
    log?.warn({ err }, "silenced alerts could not be read from Alertmanager");
    return null;
  });
  return { raised, silences, silenced };
}
