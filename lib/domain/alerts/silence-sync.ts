/**
 * Wharf's silences mirrored in Alertmanager, so it holds back the same alerts Wharf would. A
 * silence is created there with matchers org (always), rule (when it has one) and its extra
 * matchers; it carries createdBy "wharf/<silence id>" so the reconcile below can tell Wharf's
 * silences from an operator's. Wharf's receiver checks its own silences too, so notifications stay
 * held back while Alertmanager has not caught up.
 */
import { prisma } from "@/lib/db";
import { alertmanager, type SilenceMatcher } from "@/lib/drivers/alertmanager/alertmanager-client";
import type { Logger } from "@/lib/logger";
import { ALERT_LABEL } from "./alert-labels";
import { silenceMatchers, type SilenceForMatch } from "./silence-matches";

const CREATED_BY = "wharf/";

export function alertmanagerMatchers(s: Pick<SilenceForMatch, "orgId" | "ruleId" | "matchers">): SilenceMatcher[] {
  const labels: Record<string, string> = { ...silenceMatchers(s.matchers), [ALERT_LABEL.org]: s.orgId };
  if (s.ruleId) labels[ALERT_LABEL.rule] = s.ruleId;
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

/** Creates the silence in Alertmanager and records its id there. */
export async function createInAlertmanager(s: SilenceForMatch & { comment: string }): Promise<string> {
  const id = await alertmanager().createSilence({
    matchers: alertmanagerMatchers(s),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    createdBy: `${CREATED_BY}${s.id}`,
    comment: s.comment,
  });
  await prisma.alertSilence.update({ where: { id: s.id }, data: { alertmanagerId: id } });
  return id;
}

export const expireInAlertmanager = (alertmanagerId: string) => alertmanager().expireSilence(alertmanagerId);

/**
 * Brings Alertmanager's silences in line with Wharf's: active Wharf silences it lacks are created
 * (Alertmanager was down, or lost its state), and Wharf-made silences there whose Wharf silence
 * ended or is gone are expired.
 */
export async function reconcileSilences({ log }: { log?: Logger } = {}): Promise<{ created: number; expired: number }> {
  const now = new Date();
  const [theirs, ours] = await Promise.all([
    alertmanager().listSilences(),
    prisma.alertSilence.findMany({
      where: { expiredAt: null, endsAt: { gt: now } },
      select: {
        id: true,
        orgId: true,
        ruleId: true,
        matchers: true,
        startsAt: true,
        endsAt: true,
        expiredAt: true,
        comment: true,
        alertmanagerId: true,
      },
    }),
  ]);
  const live = theirs.filter((t) => t.createdBy.startsWith(CREATED_BY) && t.status.state !== "expired");
  const liveIds = new Set(live.map((t) => t.id));
  const oursById = new Map(ours.map((s) => [s.id, s]));
  let expired = 0;
  for (const t of live) {
    // `ours` holds the silences not yet ended (active or pending): one of them keeps its twin.
    const mine = oursById.get(t.createdBy.slice(CREATED_BY.length));
    if (mine?.alertmanagerId === t.id) continue;
    await expireInAlertmanager(t.id);
    expired++;
  }
  let created = 0;
  for (const s of ours) {
    if (s.alertmanagerId && liveIds.has(s.alertmanagerId)) continue;
    await createInAlertmanager(s);
    created++;
  }
  if (created || expired) log?.info({ created, expired }, "silences reconciled with Alertmanager");
  return { created, expired };
}
