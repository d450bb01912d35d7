import { runDeployments } from "@/lib/domain/applications/deploy/run-deployments";
import { reconcileApplication } from "@/lib/domain/applications/reconcile-application";
import { sweepApplications } from "@/lib/domain/applications/sweep-applications";
import { applicationDeployJob, applicationReconcileJob, applicationSweepJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const applicationDeployHandler = defineHandler(applicationDeployJob, ({ payload, log }) =>
  runDeployments({ applicationId: payload.applicationId, log }),
);

export const applicationReconcileHandler = defineHandler(
  applicationReconcileJob,
  ({ payload, log }) => reconcileApplication({ applicationId: payload.applicationId, log }),
  { record: false },
);

export const applicationSweepHandler = defineHandler(applicationSweepJob, () => sweepApplications(), { record: false });
