import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

export const deliverySelect = {
  id: true,
  event: true,
  alertId: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  responseStatus: true,
  error: true,
  payload: true,
  createdAt: true,
  deliveredAt: true,
} as const;

/** A channel's delivery log, newest first. */
export async function listChannelDeliveries({
  orgId,
  channelId,
  status,
  page,
}: {
  orgId: string;
  channelId: string;
  status?: "PENDING" | "SUCCEEDED" | "FAILED";
  page: PaginationQuery;
}) {
  const channel = await prisma.notificationChannel.findFirst({ where: { id: channelId, orgId }, select: { id: true } });
  if (!channel) throw notFound("Notification channel");
  const rows = await prisma.notificationDelivery.findMany({
    where: { channelId: channel.id, orgId, ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: deliverySelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  return { items: items.map((d) => ({ ...d, event: d.event as "firing" | "resolved" | "test" })), nextCursor };
}
