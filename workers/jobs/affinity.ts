import { sweepAffinityLabels } from "@/lib/domain/affinity/request-affinity-sync";
import { syncAffinityLabels } from "@/lib/domain/affinity/sync-affinity-labels";
import { affinitySweepJob, affinitySyncJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const affinitySyncHandler = defineHandler(
  affinitySyncJob,
  async ({ payload, log }) => ({ changes: await syncAffinityLabels({ clusterId: payload.clusterId, log }) }),
  { record: false },
);

export const affinitySweepHandler = defineHandler(affinitySweepJob, ({ log }) => sweepAffinityLabels(log), { record: false });
