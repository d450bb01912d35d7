import { prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { notificationDeliverJob } from "@/lib/queue/jobs";

/**
 * Re-enqueues notifications still PENDING a minute after they were due (their job was lost with
 * Redis). The job key de-duplicates, so one merely waiting for its retry is not sent twice.
 */
export async function sweepNotificationDeliveries(): Promise<number> {
  const now = Date.now();
  const stale = await prisma.notificationDelivery.findMany({
    where: {
      status: "PENDING",
      createdAt: { lt: new Date(now - 60_000), gt: new Date(now - 24 * 3600_000) },
      OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lt: new Date(now - 60_000) } }],
    },
    select: { id: true },
    take: 500,
  });
  for (const d of stale) await enqueue(notificationDeliverJob, { deliveryId: d.id });
  return stale.length;
}
