/** Job-mode services: their schedule, run history, "run now" and suspend/resume. */
import { z } from "zod";
import { idSchema, isoDateSchema, listOf, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

export const serviceRunTriggerSchema = z.enum(["DEPLOY", "SCHEDULE", "MANUAL"]);
export const serviceRunStatusSchema = z.enum(["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"]);

export const serviceRunSchema = z.object({
  id: z.string(),
  serviceId: z.string(),
  service: z.string(),
  trigger: serviceRunTriggerSchema,
  /** The schedule tick it ran for (SCHEDULE runs). */
  tick: isoDateSchema.nullable(),
  status: serviceRunStatusSchema,
  exitCode: z.number().int().nullable(),
  error: z.string().nullable(),
  requestedBy: z.string().nullable(),
  createdAt: isoDateSchema,
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
  durationMs: z.number().int().nullable(),
});
export type ServiceRun = z.infer<typeof serviceRunSchema>;

export const serviceRunDetailSchema = serviceRunSchema.extend({
  /** The run's tasks as Swarm reported them. */
  tasks: z.array(
    z.object({
      id: z.string(),
      nodeId: z.string().nullable(),
      state: z.string(),
      exitCode: z.number().int().nullable(),
      error: z.string().nullable(),
    }),
  ),
  /** The tasks' output (stdout and stderr), the last 64 KiB. */
  logs: z.string(),
});
export type ServiceRunDetail = z.infer<typeof serviceRunDetailSchema>;

export const jobServiceSchema = z.object({
  serviceId: z.string(),
  name: z.string(),
  mode: z.enum(["replicated-job", "global-job"]),
  schedule: z
    .object({
      cron: z.string(),
      timezone: z.string(),
      suspended: z.boolean(),
      nextTickAt: isoDateSchema.nullable(),
      lastTickAt: isoDateSchema.nullable(),
    })
    .nullable(),
  lastRun: serviceRunSchema.nullable(),
});
export type JobService = z.infer<typeof jobServiceSchema>;

export const setScheduleSchema = z.strictObject({ suspended: z.boolean() });
export type SetScheduleInput = z.infer<typeof setScheduleSchema>;

const appParams = z.object({ applicationId: idSchema });
const serviceParams = z.object({ applicationId: idSchema, serviceId: idSchema });
const runParams = serviceParams.extend({ runId: idSchema });
const e = { tags: ["applications"], auth: "org" as const };

export const serviceJobEndpoints = {
  list: endpoint({
    ...e,
    id: "jobs.list",
    method: "GET",
    path: "/applications/{applicationId}/jobs",
    permission: "apps.read",
    summary: "The application's job-mode services with their schedule and last run.",
    params: appParams,
    response: listOf(jobServiceSchema),
  }),
  runs: endpoint({
    ...e,
    id: "jobs.runs",
    method: "GET",
    path: "/applications/{applicationId}/services/{serviceId}/runs",
    permission: "apps.read",
    summary: "A job-mode service's runs, newest first (deploy, schedule and manual).",
    params: serviceParams,
    query: paginationQuerySchema,
    response: pageOf(serviceRunSchema),
  }),
  run: endpoint({
    ...e,
    id: "jobs.run",
    method: "GET",
    path: "/applications/{applicationId}/services/{serviceId}/runs/{runId}",
    permission: "apps.read",
    summary: "One run with its tasks, exit code and logs.",
    params: runParams,
    response: serviceRunDetailSchema,
  }),
  runNow: endpoint({
    ...e,
    id: "jobs.runNow",
    method: "POST",
    path: "/applications/{applicationId}/services/{serviceId}/runs",
    permission: "apps.manage",
    summary: "Run a job-mode service now (409 while a run of it is unfinished).",
    params: serviceParams,
    response: serviceRunSchema,
    status: 201,
  }),
  setSchedule: endpoint({
    ...e,
    id: "jobs.setSchedule",
    method: "PATCH",
    path: "/applications/{applicationId}/services/{serviceId}/schedule",
    permission: "apps.manage",
    summary: "Suspend or resume a job's schedule (kept across redeploys).",
    params: serviceParams,
    body: setScheduleSchema,
    response: jobServiceSchema,
  }),
};
