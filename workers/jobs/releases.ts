import { advanceRelease } from "@/lib/domain/releases/advance-release";
import { sweepReleases } from "@/lib/domain/releases/sweep-releases";
import { releaseAdvanceJob, releaseSweepJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const releaseAdvanceHandler = defineHandler(releaseAdvanceJob, ({ payload, log }) => advanceRelease(payload.releaseId, log), {
  record: false,
});

export const releaseSweepHandler = defineHandler(releaseSweepJob, ({ log }) => sweepReleases(log), { record: false });
