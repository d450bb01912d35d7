import { z } from "zod";
import { idSchema, isoDateSchema, listOf, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

/** Application names become Swarm service prefixes ("<app>_<service>"), so DNS-label rules apply. */
export const appNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, "must be 1-32 lowercase letters, digits or hyphens");
const composeTextSchema = z
  .string()
  .min(1, "is empty")
  .max(12 * 1024 * 1024);
export const envSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "variable names are letters, digits and underscores"),
    z.string().max(64 * 1024),
  )
  .refine((env) => Object.keys(env).length <= 200, "at most 200 variables");

/** Compose files may be large; the compose parser reports its own 1 MiB limit with a location. */
const COMPOSE_BODY_LIMIT = 12 * 1024 * 1024;

export const composeIssueSchema = z.object({
  severity: z.enum(["error", "warning", "info"]),
  code: z.string(),
  path: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  message: z.string(),
});
export type ComposeIssue = z.infer<typeof composeIssueSchema>;

const planLoadBalancerSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.enum(["haproxy", "aliyun-slb", "aws-elbv2"]),
  routing: z.boolean(),
});

const portSchema = z.object({ published: z.number().int().nullable(), target: z.number().int(), protocol: z.string() });
const changeAction = z.enum(["create", "update", "unchanged", "remove"]);

export const planSchema = z.object({
  services: z.array(
    z.object({
      name: z.string(),
      swarmName: z.string(),
      action: changeAction,
      changes: z.array(z.string()),
      image: z.string(),
      mode: z.enum(["replicated", "global"]),
      replicas: z.number().int().nullable(),
      ports: z.array(portSchema),
      placement: z.array(z.string()),
      /** GPUs each task reserves (generic resources of kind "gpu"). */
      gpus: z.number().int(),
      /** The health check in words (service-facts.ts specHealthCheck); null: the image's own, if any. */
      healthCheck: z.string().nullable(),
    }),
  ),
  networks: z.array(z.object({ name: z.string(), action: changeAction })),
  volumes: z.array(z.object({ name: z.string(), driver: z.string(), action: changeAction })),
  secrets: z.array(z.object({ name: z.string(), action: changeAction })),
  configs: z.array(z.object({ name: z.string(), action: changeAction })),
  /** The deployment's steps in the order the worker runs them (deploy/deploy-steps.ts); refused: a placement refusal, the deploy stops there. */
  steps: z.array(z.object({ kind: z.string(), title: z.string(), refused: z.boolean() })),
  /** Each `lb.port_*` binding and the cluster's load balancer it will use (null: not checked against a cluster). */
  loadBalancers: z.array(
    z.object({ service: z.string(), port: z.number().int(), target: z.string(), loadBalancer: planLoadBalancerSchema.nullable() }),
  ),
  /** Each `routing.port_*` rule with its hosts expanded (bare prefixes under the cluster's routing domain). */
  routing: z.array(
    z.object({
      service: z.string(),
      port: z.number().int(),
      urls: z.array(z.string()),
      internal: z.array(z.string()),
      sticky: z.boolean(),
      loadBalancer: planLoadBalancerSchema.nullable(),
    }),
  ),
  autoscaling: z.array(z.object({ service: z.string(), rule: z.string() })),
  /** Declared log stores and their retention (days: log_ttl_<name>, else the installation's default, at most its maximum). */
  logStores: z.array(z.object({ service: z.string(), name: z.string(), source: z.string(), ttlDays: z.number().int() })),
  warnings: z.array(composeIssueSchema),
  /** Worth knowing, not wrong (e.g. a published port the traffic layer replaces with an engine-chosen one). */
  notes: z.array(composeIssueSchema),
});
export type DeployPlan = z.infer<typeof planSchema>;

export const appServiceSchema = z.object({
  id: idSchema,
  name: z.string(),
  swarmName: z.string(),
  image: z.string(),
  mode: z.enum(["replicated", "global"]),
  replicas: z.number().int().nullable(),
  latestImage: z.boolean(),
  ports: z.array(portSchema),
});

export const liveDifferenceSchema = z.object({ service: z.string(), problem: z.string() });
export type LiveDifference = z.infer<typeof liveDifferenceSchema>;

/** The reconciler's last look at an application: what it put back, and what still differs (why it is degraded). */
export const liveReportSchema = z.object({
  checkedAt: isoDateSchema,
  repaired: z.array(liveDifferenceSchema),
  differences: z.array(liveDifferenceSchema),
});
export type LiveReport = z.infer<typeof liveReportSchema>;

export const applicationSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  clusterId: idSchema,
  clusterName: z.string(),
  desiredState: z.enum(["RUNNING", "STOPPED", "DELETED"]),
  status: z.enum(["DEPLOYING", "RUNNING", "DEGRADED", "STOPPED", "FAILED", "DELETING", "DELETED"]),
  currentVersion: z.number().int().nullable(),
  deployedVersion: z.number().int().nullable(),
  envKeys: z.array(z.string()),
  lastError: z.string().nullable(),
  /** How the cluster differed from the template at the reconciler's last look; null when it matched. */
  drift: liveReportSchema.nullable(),
  services: z.array(appServiceSchema),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Application = z.infer<typeof applicationSchema>;

/** What a deployment does; the one list (Prisma's DeploymentKind enum is checked against it in queue-deployment.ts). */
export const deploymentKindSchema = z.enum(["DEPLOY", "SCALE", "STOP", "START", "RESTART", "REDEPLOY", "ROLLBACK", "DELETE"]);
export type DeploymentKind = z.infer<typeof deploymentKindSchema>;

export const deploymentSchema = z.object({
  id: idSchema,
  kind: deploymentKindSchema,
  status: z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "SUPERSEDED"]),
  version: z.number().int().nullable(),
  params: z.unknown(),
  steps: z.array(z.object({ at: isoDateSchema, level: z.enum(["info", "warning", "error"]), message: z.string() })),
  error: z.string().nullable(),
  actorLabel: z.string(),
  createdAt: isoDateSchema,
  startedAt: isoDateSchema.nullable(),
  finishedAt: isoDateSchema.nullable(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const taskViewSchema = z.object({
  id: z.string(),
  slot: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  node: z.string().nullable(),
  state: z.string(),
  desiredState: z.string(),
  message: z.string(),
  error: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  ports: z.array(z.object({ published: z.number().int(), target: z.number().int(), protocol: z.string() })),
  image: z.string(),
  updatedAt: z.string(),
  /** The agent's URL probe (`probe.url` label) of this task, as its node last reported it; null without one. */
  probe: z.enum(["pending", "passing", "failing"]).nullable().default(null),
});

export const appStatusSchema = z.object({
  reachable: z.boolean(),
  error: z.string().nullable(),
  services: z.array(
    z.object({
      id: idSchema,
      name: z.string(),
      swarmName: z.string(),
      exists: z.boolean(),
      image: z.string().nullable(),
      running: z.number().int(),
      desired: z.number().int(),
      restarts: z.number().int(),
      updateStatus: z.object({ state: z.string(), message: z.string() }).nullable(),
      tasks: z.array(taskViewSchema),
    }),
  ),
  fetchedAt: isoDateSchema,
});
export type AppStatus = z.infer<typeof appStatusSchema>;

export const versionSchema = z.object({
  id: idSchema,
  version: z.number().int(),
  message: z.string(),
  envKeys: z.array(z.string()),
  createdAt: isoDateSchema,
  current: z.boolean(),
  deployed: z.boolean(),
});
export const versionDetailSchema = versionSchema.extend({ compose: z.string() });

export const eventSchema = z.object({
  id: idSchema,
  type: z.string(),
  level: z.enum(["INFO", "WARNING", "ERROR"]),
  message: z.string(),
  service: z.string().nullable(),
  details: z.unknown().nullable(),
  createdAt: isoDateSchema,
});
export type AppEventView = z.infer<typeof eventSchema>;

export const createApplicationSchema = z.strictObject({
  name: appNameSchema,
  clusterId: idSchema,
  compose: composeTextSchema,
  env: envSchema.optional(),
  description: z.string().trim().max(500).optional(),
});
export type CreateApplicationInput = z.infer<typeof createApplicationSchema>;

export const newVersionSchema = z.strictObject({
  compose: composeTextSchema,
  /** Replaces the variables; omitted means keep the current ones. */
  env: envSchema.optional(),
  message: z.string().trim().max(200).optional(),
});
export type NewVersionInput = z.infer<typeof newVersionSchema>;

export const actionSchema = z.strictObject({ action: z.enum(["stop", "start", "restart", "redeploy"]) });
export const scaleSchema = z.strictObject({ replicas: z.number().int().min(0).max(1000) });
export const rollbackSchema = z.strictObject({ versionId: idSchema });
export const serviceSettingsSchema = z.strictObject({ latestImage: z.boolean() });

export const createdResultSchema = z.object({
  application: applicationSchema,
  deployment: deploymentSchema,
  warnings: z.array(composeIssueSchema),
});
/** A version whose labels declare a release strategy starts a release instead of a deployment. */
const versionResultSchema = createdResultSchema.extend({
  deployment: deploymentSchema.nullable(),
  release: z.object({ id: idSchema, number: z.number().int(), strategy: z.enum(["rolling", "blue-green", "canary"]) }).nullable(),
});
const appParams = z.object({ applicationId: idSchema });
const serviceParams = z.object({ applicationId: idSchema, serviceId: idSchema });

const e = { tags: ["applications"], auth: "org" as const };
export const applicationEndpoints = {
  list: endpoint({
    ...e,
    id: "applications.list",
    method: "GET",
    path: "/applications",
    permission: "apps.read",
    summary: "Applications of the organisation.",
    query: paginationQuerySchema,
    response: pageOf(applicationSchema),
  }),
  preview: endpoint({
    ...e,
    id: "applications.preview",
    method: "POST",
    path: "/applications/preview",
    permission: "apps.manage",
    summary: "Validate a compose file and show what deploying it would create. Changes nothing.",
    body: createApplicationSchema,
    response: planSchema,
    bodyLimit: COMPOSE_BODY_LIMIT,
    multipart: true,
  }),
  create: endpoint({
    ...e,
    id: "applications.create",
    method: "POST",
    path: "/applications",
    permission: "apps.manage",
    summary: "Create an application from a compose file (JSON or multipart) and deploy it.",
    body: createApplicationSchema,
    response: createdResultSchema,
    status: 201,
    bodyLimit: COMPOSE_BODY_LIMIT,
    multipart: true,
  }),
  get: endpoint({
    ...e,
    id: "applications.get",
    method: "GET",
    path: "/applications/{applicationId}",
    permission: "apps.read",
    summary: "One application.",
    params: appParams,
    response: applicationSchema,
  }),
  delete: endpoint({
    ...e,
    id: "applications.delete",
    method: "DELETE",
    path: "/applications/{applicationId}",
    permission: "apps.manage",
    summary: "Delete an application: every service, network, secret, config and volume it created.",
    params: appParams,
    response: deploymentSchema,
  }),
  previewVersion: endpoint({
    ...e,
    id: "applications.previewVersion",
    method: "POST",
    path: "/applications/{applicationId}/preview",
    permission: "apps.manage",
    summary: "What deploying this compose file over the current version would change.",
    params: appParams,
    body: newVersionSchema,
    response: planSchema,
    bodyLimit: COMPOSE_BODY_LIMIT,
    multipart: true,
  }),
  createVersion: endpoint({
    ...e,
    id: "applications.createVersion",
    method: "POST",
    path: "/applications/{applicationId}/versions",
    permission: "apps.manage",
    summary:
      "Upload a new version of the template and deploy it (rolling update), or release it with the strategy its wharf.release.* labels declare.",
    params: appParams,
    body: newVersionSchema,
    response: versionResultSchema,
    status: 201,
    bodyLimit: COMPOSE_BODY_LIMIT,
    multipart: true,
  }),
  versions: endpoint({
    ...e,
    id: "applications.versions",
    method: "GET",
    path: "/applications/{applicationId}/versions",
    permission: "apps.read",
    summary: "Template versions, newest first.",
    params: appParams,
    response: listOf(versionSchema),
  }),
  version: endpoint({
    ...e,
    id: "applications.version",
    method: "GET",
    path: "/applications/{applicationId}/versions/{versionId}",
    permission: "apps.read",
    summary: "One template version with its compose file.",
    params: z.object({ applicationId: idSchema, versionId: idSchema }),
    response: versionDetailSchema,
  }),
  diff: endpoint({
    ...e,
    id: "applications.diff",
    method: "GET",
    path: "/applications/{applicationId}/diff",
    permission: "apps.read",
    summary: "Unified diff between two template versions.",
    params: appParams,
    query: z.object({ from: idSchema, to: idSchema }),
    response: z.object({ from: z.number().int(), to: z.number().int(), patch: z.string() }),
  }),
  rollback: endpoint({
    ...e,
    id: "applications.rollback",
    method: "POST",
    path: "/applications/{applicationId}/rollback",
    permission: "apps.manage",
    summary: "Deploy an earlier template version again.",
    params: appParams,
    body: rollbackSchema,
    response: deploymentSchema,
    status: 201,
  }),
  action: endpoint({
    ...e,
    id: "applications.action",
    method: "POST",
    path: "/applications/{applicationId}/actions",
    permission: "apps.manage",
    summary: "Stop, start, restart (all tasks) or redeploy (pull the latest image) the application.",
    params: appParams,
    body: actionSchema,
    response: deploymentSchema,
    status: 201,
  }),
  scale: endpoint({
    ...e,
    id: "applications.scale",
    method: "POST",
    path: "/applications/{applicationId}/services/{serviceId}/scale",
    permission: "apps.manage",
    summary: "Set a replicated service's number of replicas.",
    params: serviceParams,
    body: scaleSchema,
    response: deploymentSchema,
    status: 201,
  }),
  updateService: endpoint({
    ...e,
    id: "applications.updateService",
    method: "PATCH",
    path: "/applications/{applicationId}/services/{serviceId}",
    permission: "apps.manage",
    summary: "Service settings: redeploy automatically when its image tag is pushed.",
    params: serviceParams,
    body: serviceSettingsSchema,
    response: appServiceSchema,
  }),
  status: endpoint({
    ...e,
    id: "applications.status",
    method: "GET",
    path: "/applications/{applicationId}/status",
    permission: "apps.read",
    summary: "Live services and tasks from the cluster: node, state, restarts, ports, Docker's messages.",
    params: appParams,
    response: appStatusSchema,
  }),
  events: endpoint({
    ...e,
    id: "applications.events",
    method: "GET",
    path: "/applications/{applicationId}/events",
    permission: "apps.read",
    summary: "Timeline: deploys, scaling, drift, task failures with Docker's reason.",
    params: appParams,
    query: paginationQuerySchema,
    response: pageOf(eventSchema),
  }),
  deployments: endpoint({
    ...e,
    id: "applications.deployments",
    method: "GET",
    path: "/applications/{applicationId}/deployments",
    permission: "apps.read",
    summary: "Deployments (deploy, scale, stop, rollback…) with their steps.",
    params: appParams,
    query: paginationQuerySchema,
    response: pageOf(deploymentSchema),
  }),
  logs: endpoint({
    ...e,
    id: "applications.logs",
    method: "GET",
    path: "/applications/{applicationId}/services/{serviceId}/logs",
    permission: "apps.read",
    summary: "Live logs of a service as Server-Sent Events (last N lines, then follow).",
    params: serviceParams,
    query: z.object({ tail: z.coerce.number().int().min(0).max(5000).default(200), follow: z.enum(["true", "false"]).default("true") }),
    response: z.string().describe("text/event-stream: `data:` lines with JSON {ts, stream, task, text}"),
  }),
};
