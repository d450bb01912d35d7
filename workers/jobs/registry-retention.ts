import { runRetention } from "@/lib/domain/registry/retention/run-retention";
import { sweepRetention } from "@/lib/domain/registry/retention/sweep-retention";
import { registryRetentionRunJob, registryRetentionSweepJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const registryRetentionRunHandler = defineHandler(registryRetentionRunJob, ({ payload, log }) =>
  runRetention({ orgId: payload.orgId, log }),
);

export const registryRetentionSweepHandler = defineHandler(registryRetentionSweepJob, () => sweepRetention(), { record: false });
