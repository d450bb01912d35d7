import { prisma, type DbClient } from "@/lib/db";

export const webhookSelect = { id: true, name: true, url: true, events: true, enabled: true, createdAt: true } as const;
type WebhookRow = { id: string; name: string; url: string; events: string[]; enabled: boolean; createdAt: Date };

/** Webhooks with their latest delivery (status at a glance), in one extra query. */
export async function withLastDelivery(rows: WebhookRow[], db: DbClient = prisma) {
  if (rows.length === 0) return [];
  const latest = await db.webhookDelivery.findMany({
    where: { webhookId: { in: rows.map((r) => r.id) } },
    orderBy: { createdAt: "desc" },
    distinct: ["webhookId"],
    select: { webhookId: true, status: true, createdAt: true, responseStatus: true },
  });
  const byHook = new Map(latest.map((d) => [d.webhookId, { status: d.status, createdAt: d.createdAt, responseStatus: d.responseStatus }]));
  return rows.map((r) => ({ ...r, lastDelivery: byHook.get(r.id) ?? null }));
}
