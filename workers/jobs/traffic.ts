import { AppError } from "@/lib/errors";
import { syncClusterTraffic } from "@/lib/domain/traffic/sync-cluster-traffic";
import { sweepTraffic } from "@/lib/domain/traffic/sweep-traffic";
import { trafficSweepJob, trafficSyncJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const trafficSyncHandler = defineHandler(
  trafficSyncJob,
  async ({ payload, log }) => {
    const result = await syncClusterTraffic({ clusterId: payload.clusterId, log });
    // Thrown so BullMQ retries with backoff; the balancers that did sync keep their new pools.
    if (result.failed.length) throw new AppError("UPSTREAM_FAILED", `load balancer sync failed for ${result.failed.join(", ")}`);
    return result;
  },
  { record: false },
);

export const trafficSweepHandler = defineHandler(trafficSweepJob, ({ log }) => sweepTraffic(log), { record: false });
