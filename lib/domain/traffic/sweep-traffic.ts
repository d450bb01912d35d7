/**
 * The safety net under the event-driven sync: every few seconds, clusters whose requested traffic
 * generation is ahead of the synced one (a job lost with Redis, merged, or failed) and clusters
 * with a balancer not fully synced for a minute (drift made by hand in a cloud console) get a sync.
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { FULL_SYNC_EVERY_MS } from "./sync-cluster-traffic";
import { enqueueTrafficSync } from "./request-sync";

export async function sweepTraffic(log?: Logger): Promise<{ enqueued: number }> {
  const behind = await prisma.$queryRaw<Array<{ id: string }>>`select id from "Cluster" where "trafficRequested" > "trafficSynced"`;
  const stale = await prisma.loadBalancer.findMany({
    where: { OR: [{ lastSyncAt: null }, { lastSyncAt: { lt: new Date(Date.now() - FULL_SYNC_EVERY_MS) } }, { lastSyncOk: false }] },
    select: { clusterId: true },
    distinct: ["clusterId"],
  });
  const ids = new Set([...behind.map((c) => c.id), ...stale.map((l) => l.clusterId)]);
  for (const id of ids) await enqueueTrafficSync(id, log);
  return { enqueued: ids.size };
}
