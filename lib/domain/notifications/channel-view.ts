import type { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { Wire } from "@/lib/schemas/endpoint";
import type { NotificationChannelView } from "@/lib/schemas/notification-channels";
import { channelSettings } from "./channel-secrets";

export const channelSelect = {
  id: true,
  name: true,
  kind: true,
  enabled: true,
  settings: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { rules: true } },
} satisfies Prisma.NotificationChannelSelect;

type Row = Prisma.NotificationChannelGetPayload<{ select: typeof channelSelect }>;
type LastDelivery = NotificationChannelView["lastDelivery"];

function toView(row: Row, last: Wire<LastDelivery>): Wire<NotificationChannelView> {
  const settings = channelSettings(row.settings);
  const { _count, settings: _settings, ...rest } = row;
  return {
    ...rest,
    target: row.kind === "EMAIL" ? (settings.to ?? []).join(", ") : (settings.origin ?? ""),
    to: row.kind === "EMAIL" ? (settings.to ?? []) : null,
    signed: row.kind === "WEBHOOK" || Boolean(settings.signed),
    ruleCount: _count.rules,
    lastDelivery: last,
  };
}

/** Channels with their latest delivery, in one extra query. */
export async function channelViews(rows: Row[], db: DbClient = prisma) {
  if (rows.length === 0) return [];
  const latest = await db.notificationDelivery.findMany({
    where: { channelId: { in: rows.map((r) => r.id) } },
    orderBy: { createdAt: "desc" },
    distinct: ["channelId"],
    select: { channelId: true, status: true, event: true, createdAt: true, error: true },
  });
  const byChannel = new Map(latest.map(({ channelId, ...d }) => [channelId, d]));
  return rows.map((r) => toView(r, byChannel.get(r.id) ?? null));
}

export async function listChannels({ orgId }: { orgId: string }) {
  const rows = await prisma.notificationChannel.findMany({ where: { orgId }, orderBy: { name: "asc" }, select: channelSelect });
  return { items: await channelViews(rows) };
}

export async function getChannel({ orgId, channelId, db = prisma }: { orgId: string; channelId: string; db?: DbClient }) {
  const row = await db.notificationChannel.findFirst({ where: { id: channelId, orgId }, select: channelSelect });
  if (!row) throw notFound("Notification channel");
  const [view] = await channelViews([row], db);
  if (!view) throw notFound("Notification channel");
  return view;
}
