/**
 * Fans one alert event out to a rule's enabled channels: one NotificationDelivery row each (the
 * channels' delivery log), written in the caller's transaction, then (after commit) one job each.
 * A job lost with Redis is re-enqueued by the sweep, because the rows were written first.
 */
import type { DbClient } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { notificationDeliverJob } from "@/lib/queue/jobs";
import type { NotificationPayload } from "./notification-payload";
import { toJsonColumn } from "../json-column";

export async function createNotificationDeliveries({
  db,
  orgId,
  ruleId,
  alertId,
  payload,
}: {
  db: DbClient;
  orgId: string;
  ruleId: string;
  alertId: string;
  payload: NotificationPayload;
}): Promise<string[]> {
  const links = await db.alertRuleChannel.findMany({
    where: { ruleId, rule: { orgId }, channel: { orgId, enabled: true } },
    select: { channelId: true },
  });
  if (links.length === 0) return [];
  const rows = await db.notificationDelivery.createManyAndReturn({
    data: links.map((l) => ({ orgId, channelId: l.channelId, alertId, event: payload.event, payload: toJsonColumn(payload) })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** After commit. A failed enqueue is left to the sweep (the row is PENDING). */
export async function enqueueNotificationDeliveries(ids: readonly string[]): Promise<void> {
  for (const deliveryId of ids) await enqueue(notificationDeliverJob, { deliveryId }).catch(() => undefined);
}
