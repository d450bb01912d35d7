/**
 * Fans an event out to the organisation's enabled webhooks that subscribe to it: one
 * WebhookDelivery row each (the delivery log), then one job each. Rows are written first, so a
 * job lost with Redis is re-enqueued by the sweep.
 */
import { prisma, type Prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { webhookDeliverJob } from "@/lib/queue/jobs";

export type EnqueueWebhookDeliveriesOptions = { orgId: string; event: string; data: Record<string, unknown> };

export async function enqueueWebhookDeliveries({ orgId, event, data }: EnqueueWebhookDeliveriesOptions): Promise<number> {
  const hooks = await prisma.webhook.findMany({ where: { orgId, enabled: true, events: { has: event } }, select: { id: true } });
  if (hooks.length === 0) return 0;
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { id: true, slug: true } });
  const payload = { event, createdAt: new Date().toISOString(), organization: org, data } as Prisma.InputJsonValue;
  const deliveries = await prisma.webhookDelivery.createManyAndReturn({
    data: hooks.map((h) => ({ orgId, webhookId: h.id, event, payload })),
    select: { id: true },
  });
  for (const d of deliveries) await enqueue(webhookDeliverJob, { deliveryId: d.id });
  return deliveries.length;
}
