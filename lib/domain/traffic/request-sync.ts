/**
 * "The traffic of this cluster may have changed": a task started or stopped, a node went down or
 * was drained, a binding or a load balancer changed. The mark lives in PostgreSQL (a generation
 * counter), so a Redis that lost its queue, or a job merged into a running one, cannot lose it;
 * the job is only the prompt to act on it now.
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { trafficSyncJob } from "@/lib/queue/jobs";
import { promptJob } from "../jobs/prompt-job";

type Db = Pick<typeof prisma, "cluster" | "loadBalancer">;

/** Bumps the cluster's requested generation; call inside the transaction that made the change. */
export async function markTrafficChanged(clusterId: string, db: Db = prisma): Promise<void> {
  await db.cluster.updateMany({ where: { id: clusterId }, data: { trafficRequested: { increment: 1 } } });
}

/**
 * The next sync sends everything to the cluster's HAProxy balancers, not only what changed: an
 * HAProxy node joined (labelled wharf.lb=true, or back after being unreachable) and holds an older
 * configuration than the one last applied.
 */
export async function resendToHaproxyNodes(clusterId: string, db: Db = prisma): Promise<void> {
  await db.loadBalancer.updateMany({ where: { clusterId, driver: "HAPROXY" }, data: { lastSyncAt: null } });
  await markTrafficChanged(clusterId, db);
}

/** Enqueues the sync (after the change committed). A Redis outage is logged, not thrown: the sweep will find the cluster. */
export async function enqueueTrafficSync(clusterId: string, log?: Logger): Promise<void> {
  await promptJob({ job: trafficSyncJob, payload: { clusterId }, what: "traffic sync", log });
}

/** Both, for callers outside a transaction. */
export async function requestTrafficSync(clusterId: string, log?: Logger): Promise<void> {
  await markTrafficChanged(clusterId);
  await enqueueTrafficSync(clusterId, log);
}
