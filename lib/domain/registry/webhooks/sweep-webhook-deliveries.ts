import { prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { webhookDeliverJob } from "@/lib/queue/jobs";

/**
 * Re-enqueues deliveries still PENDING after a minute (their job was lost). Job ids are
 * deterministic, so a delivery whose job is merely waiting for a retry is not duplicated.
 */
export async function sweepWebhookDeliveries(): Promise<number> {
  const now = Date.now();
  const stale = await prisma.webhookDelivery.findMany({
    where: { status: "PENDING", createdAt: { lt: new Date(now - 60_000), gt: new Date(now - 24 * 3600_000) } },
    select: { id: true },
    take: 500,
  });
  for (const d of stale) await enqueue(webhookDeliverJob, { deliveryId: d.id });
  return stale.length;
}
