/**
 * Records one alert as Alertmanager reports it (firing or resolved) into the history, and decides
 * whether the rule's channels hear about it: once when it starts firing (unless a silence holds it
 * back) and once when it resolves (if they heard it fire). Alertmanager repeats firing alerts and
 * may deliver twice; the (rule, fingerprint, startsAt) key and conditional updates make each
 * transition notify exactly once, whichever process wins.
 *
 * The organisation and rule come from the alert's labels and must belong together: an alert whose
 * `rule` is not a rule of its `org` is ignored, so no label can route one tenant's alert to
 * another's channels.
 */
import { Prisma } from "@prisma/client";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { createNotificationDeliveries } from "../notifications/enqueue-notifications";
import type { NotificationPayload } from "../notifications/notification-payload";
import { ALERT_LABEL } from "./alert-labels";
import { silenceMatches } from "./silence-matches";

export type ReportedAlert = {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  fingerprint: string;
};

export type RecordOutcome = { result: "ignored" | "recorded" | "silenced" | "notified"; deliveryIds: string[] };

/** `notify: false` records without notifying (alerts read back from Alertmanager while one of its silences holds them). */
export type RecordAlertOptions = { alert: ReportedAlert; notify?: boolean; now?: Date };

const number = (text: string | undefined) => {
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : null;
};

export async function recordAlert(options: RecordAlertOptions): Promise<RecordOutcome> {
  try {
    return await recordOnce(options);
  } catch (err) {
    // Two deliveries of a new alert raced to create its row: the loser runs again and finds it.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return recordOnce(options);
    throw err;
  }
}

async function recordOnce({ alert, notify = true, now = new Date() }: RecordAlertOptions): Promise<RecordOutcome> {
  const orgId = alert.labels[ALERT_LABEL.org];
  const ruleId = alert.labels[ALERT_LABEL.rule];
  const startsAt = new Date(alert.startsAt);
  if (!orgId || !ruleId || Number.isNaN(startsAt.getTime())) return { result: "ignored", deliveryIds: [] };
  const rule = await prisma.alertRule.findFirst({
    where: { id: ruleId, orgId },
    select: { id: true, name: true, kind: true, severity: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (!rule) return { result: "ignored", deliveryIds: [] };
  const silences = await prisma.alertSilence.findMany({
    where: { orgId, expiredAt: null, startsAt: { lte: now }, endsAt: { gt: now }, OR: [{ ruleId: null }, { ruleId }] },
    select: { id: true, orgId: true, ruleId: true, matchers: true, startsAt: true, endsAt: true, expiredAt: true },
  });
  const silence = silences.find((s) => silenceMatches(s, { orgId, ruleId, labels: alert.labels }, now)) ?? null;
  const firing = alert.status === "firing";
  const endsAt = firing ? null : alert.endsAt ? new Date(alert.endsAt) : now;
  const summary = (alert.annotations.summary ?? rule.name).slice(0, 1000);
  const value = number(alert.annotations.value);
  const key = { ruleId_fingerprint_startsAt: { ruleId, fingerprint: alert.fingerprint, startsAt } };

  return prisma.$transaction(async (tx) => {
    const existing = await tx.alert.findUnique({ where: key, select: { id: true, state: true, lastNotifiedAt: true } });
    if (!firing && existing?.state === "RESOLVED") return { result: "recorded" as const, deliveryIds: [] };
    const fields = { summary, labels: alert.labels, value, state: firing ? ("FIRING" as const) : ("RESOLVED" as const), endsAt };
    const row = existing
      ? await tx.alert.update({ where: { id: existing.id }, data: fields, select: { id: true } })
      : await tx.alert.create({
          data: { orgId, ruleId, fingerprint: alert.fingerprint, startsAt, ...fields, silencedById: silence?.id ?? null },
          select: { id: true },
        });
    if (silence || !notify) {
      if (silence) await tx.alert.update({ where: { id: row.id }, data: { silencedById: silence.id } });
      return { result: "silenced" as const, deliveryIds: [] };
    }
    // Firing: notify if nobody has yet. Resolved: notify if they heard it fire.
    const { count } = firing
      ? await tx.alert.updateMany({ where: { id: row.id, lastNotifiedAt: null }, data: { lastNotifiedAt: now, silencedById: null } })
      : existing?.lastNotifiedAt
        ? await tx.alert.updateMany({ where: { id: row.id, lastNotifiedAt: existing.lastNotifiedAt }, data: { lastNotifiedAt: now } })
        : { count: 0 };
    if (count === 0) return { result: "recorded" as const, deliveryIds: [] };
    const payload: NotificationPayload = {
      event: firing ? "firing" : "resolved",
      organization: rule.org,
      alert: {
        id: row.id,
        state: fields.state,
        summary,
        labels: alert.labels,
        value,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt?.toISOString() ?? null,
        rule: { id: rule.id, name: rule.name, kind: rule.kind, severity: rule.severity },
      },
      url: `${env.PUBLIC_URL.replace(/\/+$/, "")}/alerts?alert=${row.id}`,
      sentAt: now.toISOString(),
    };
    const deliveryIds = await createNotificationDeliveries({ db: tx, orgId, ruleId, alertId: row.id, payload });
    return { result: "notified" as const, deliveryIds };
  });
}
