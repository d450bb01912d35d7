/**
 * "What a cluster's affinity labels depend on may have changed": a node's images or its tasks.
 * The job is only the prompt (merged per cluster); the sweep below catches a prompt lost with
 * Redis or merged into a sync that had already read its inputs.
 */
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { affinitySyncJob } from "@/lib/queue/jobs";
import { promptJob } from "../jobs/prompt-job";

/** Enqueues the cluster's label sync; a Redis outage is logged, not thrown (the sweep will run it). */
export async function requestAffinitySync(clusterId: string, log?: Logger): Promise<void> {
  await promptJob({ job: affinitySyncJob, payload: { clusterId }, what: "affinity sync", log });
}

/** The backstop: a sync for every cluster with swarm nodes (each returns at once when no service uses affinity). */
export async function sweepAffinityLabels(log?: Logger): Promise<{ enqueued: number }> {
  const clusters = await prisma.node.findMany({
    where: { removedAt: null, swarmNodeId: { not: null }, status: "READY" },
    select: { clusterId: true },
    distinct: ["clusterId"],
  });
  for (const { clusterId } of clusters) await requestAffinitySync(clusterId, log);
  return { enqueued: clusters.length };
}
