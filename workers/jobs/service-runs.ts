import { executeServiceRun } from "@/lib/domain/service-jobs/execute-service-run";
import { tickJobSchedules } from "@/lib/domain/service-jobs/tick-job-schedules";
import { jobSchedulesTickJob, serviceRunJob } from "@/lib/queue/jobs";
import { defineHandler } from "../define-handler";

export const jobSchedulesTickHandler = defineHandler(jobSchedulesTickJob, ({ log }) => tickJobSchedules({ log }), { record: false });

export const serviceRunHandler = defineHandler(serviceRunJob, ({ payload, log }) => executeServiceRun({ runId: payload.runId, log }));
