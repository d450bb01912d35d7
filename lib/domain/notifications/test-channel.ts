import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { toJsonColumn } from "../json-column";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { deliverySelect } from "./list-channel-deliveries";
import type { NotificationPayload } from "./notification-payload";
import { sendNotification } from "./send-notification";

/**
 * "Send test notification": one attempt now, no retries, recorded in the channel's delivery log
 * (event "test") and audited; the answer says what the receiver replied. Works on a disabled
 * channel too, so one can be checked before it is turned on.
 */
export async function testChannel({ ctx, channelId }: { ctx: OrgContext; channelId: string }) {
  const channel = await prisma.notificationChannel.findFirst({
    where: { id: channelId, orgId: ctx.orgId },
    select: { id: true, name: true, kind: true, settings: true, secretEnc: true, org: { select: { id: true, slug: true, name: true } } },
  });
  if (!channel) throw notFound("Notification channel");
  const payload: NotificationPayload = {
    event: "test",
    organization: channel.org,
    alert: null,
    url: `${env.PUBLIC_URL.replace(/\/+$/, "")}/alerts`,
    sentAt: new Date().toISOString(),
  };
  const row = await prisma.notificationDelivery.create({
    data: { orgId: ctx.orgId, channelId: channel.id, event: "test", payload: toJsonColumn(payload) },
    select: { id: true },
  });
  const result = await sendNotification({ channel, payload, deliveryId: row.id });
  const ok = result.error === null;
  const delivery = await prisma.$transaction(async (tx) => {
    const updated = await tx.notificationDelivery.update({
      where: { id: row.id },
      data: {
        attempts: 1,
        status: ok ? "SUCCEEDED" : "FAILED",
        responseStatus: result.status,
        error: result.error,
        deliveredAt: ok ? new Date() : null,
      },
      select: deliverySelect,
    });
    await auditChange(tx, ctx, "notification-channel.test", channel.id, { ok, status: result.status });
    return updated;
  });
  const message = ok
    ? `Delivered to ${channel.name}${result.status ? ` (${result.status})` : ""}`
    : `Could not deliver to ${channel.name}: ${result.error}`;
  return { ok, message, delivery: { ...delivery, event: "test" as const } };
}
