/**
 * One attempt at a notification delivery (the notification.deliver job): sends it, records the
 * attempt on the row (the channel's delivery log), and throws on failure so BullMQ retries with
 * backoff, until the last attempt marks it FAILED. A channel disabled or deleted meanwhile ends it.
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { attemptRecord } from "../deliveries/attempt-record";
import { notificationPayloadSchema } from "./notification-payload";
import { sendNotification } from "./send-notification";

export class NotificationAttemptFailed extends Error {}

export type DeliverNotificationOptions = { deliveryId: string; attempt: number; maxAttempts: number; backoffMs: number; log?: Logger };

export async function deliverNotification({ deliveryId, attempt, maxAttempts, backoffMs, log }: DeliverNotificationOptions) {
  const delivery = await prisma.notificationDelivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      orgId: true,
      payload: true,
      status: true,
      channel: { select: { orgId: true, kind: true, settings: true, secretEnc: true, enabled: true } },
    },
  });
  if (!delivery || delivery.status !== "PENDING") return { skipped: true };
  const payload = notificationPayloadSchema.safeParse(delivery.payload);
  // A delivery is only ever sent to a channel of its own organisation.
  if (!delivery.channel.enabled || delivery.channel.orgId !== delivery.orgId || !payload.success) {
    const error = !payload.success ? "unreadable payload" : "channel disabled before delivery";
    await prisma.notificationDelivery.update({ where: { id: deliveryId }, data: { status: "FAILED", error, nextAttemptAt: null } });
    return { skipped: true };
  }
  const result = await sendNotification({ channel: delivery.channel, payload: payload.data, deliveryId });
  const { ok, last, data } = attemptRecord({ answer: result, attempt, maxAttempts });
  await prisma.notificationDelivery.update({
    where: { id: deliveryId },
    data: {
      ...data,
      // BullMQ's exponential backoff: delay × 2^(attempt − 1).
      nextAttemptAt: ok || last ? null : new Date(Date.now() + backoffMs * 2 ** (attempt - 1)),
    },
  });
  if (!ok) {
    log?.warn({ deliveryId, attempt, status: result.status }, "notification delivery failed");
    throw new NotificationAttemptFailed(`notification ${deliveryId} attempt ${attempt}/${maxAttempts}: ${result.error}`);
  }
  return { status: result.status, attempt };
}
