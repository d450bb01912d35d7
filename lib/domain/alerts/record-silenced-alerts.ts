/**
 * Alerts an Alertmanager silence holds back never reach the receiver, yet the history must show
 * them: this reads them back from Alertmanager (state "suppressed", silenced) and records them
 * without notifying. A silenced alert that Alertmanager no longer holds and that nothing has
 * reported for a minute ended while silent (Alertmanager does not post resolutions it holds back
 * either): it is marked resolved, without a notification. Part of the alerts.raise-events job.
 */
import { prisma } from "@/lib/db";
import { alertmanager } from "@/lib/drivers/alertmanager/alertmanager-client";
import { recordAlert } from "./record-alert";

export async function recordSilencedAlerts({ now = new Date() }: { now?: Date } = {}): Promise<{ recorded: number; resolved: number }> {
  const all = await alertmanager().listAlerts({ silenced: true, active: true });
  let recorded = 0;
  for (const a of all) {
    if (a.status.state !== "suppressed" || a.status.silencedBy.length === 0) continue;
    const outcome = await recordAlert({
      alert: {
        status: "firing",
        labels: a.labels,
        annotations: a.annotations,
        startsAt: a.startsAt,
        endsAt: null,
        fingerprint: a.fingerprint,
      },
      notify: false,
      now,
    });
    if (outcome.result !== "ignored") recorded++;
  }
  const held = new Set(all.map((a) => a.fingerprint));
  // Held alerts are re-recorded every run (updatedAt moves); one Alertmanager stopped reporting a minute ago has ended.
  const stale = new Date(now.getTime() - 60_000);
  const silent = await prisma.alert.findMany({
    where: { state: "FIRING", silencedById: { not: null }, updatedAt: { lt: stale } },
    select: { id: true, fingerprint: true },
    take: 1000,
  });
  const ended = silent.filter((a) => !held.has(a.fingerprint)).map((a) => a.id);
  if (ended.length)
    await prisma.alert.updateMany({
      where: { id: { in: ended }, state: "FIRING", updatedAt: { lt: stale } },
      data: { state: "RESOLVED", endsAt: now },
    });
  return { recorded, resolved: ended.length };
}
