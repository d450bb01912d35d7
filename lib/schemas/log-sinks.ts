/**
 * Log sinks (issue 13): where an organisation's stored lines are also sent, for installations that
 * outgrow the built-in store. Shipping reads the store from a cursor, so a sink that was down
 * catches up. Credentials are encrypted at rest and never returned.
 */
import { z } from "zod";
import { httpUrlSchema, idSchema, isoDateSchema, listOf, okSchema, requiredNameSchema } from "./common";
import { endpoint } from "./endpoint";

export const LOG_SINK_KINDS = ["ELASTICSEARCH", "LOKI", "ALIYUN_SLS"] as const;
export const logSinkKindSchema = z.enum(LOG_SINK_KINDS);
export type LogSinkKind = z.infer<typeof logSinkKindSchema>;

const labelSchema = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, "must be a label name (letters, digits, _)");

/** HTTP basic auth, which Elasticsearch and Loki both accept. */
const basicAuthSchema = z.strictObject({ username: z.string().min(1).max(256), password: z.string().min(1).max(4096) });

/** Elasticsearch / OpenSearch `_bulk`: the index lines go to; basic auth or an API key. */
export const elasticsearchSettingsSchema = z.strictObject({
  index: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,199}$/, "must be a lowercase index name")
    .default("wharf-logs"),
});
export const elasticsearchCredentialsSchema = z.union([basicAuthSchema, z.strictObject({ apiKey: z.string().min(1).max(4096) })]);
/** Loki push API: extra static labels; optional tenant (X-Scope-OrgID); basic auth or a bearer token. */
export const lokiSettingsSchema = z.strictObject({
  labels: z
    .record(labelSchema, z.string().max(200))
    .refine((l) => Object.keys(l).length <= 10, "at most 10 labels")
    .default({}),
  tenant: z.string().max(200).optional(),
});
export const lokiCredentialsSchema = z.union([basicAuthSchema, z.strictObject({ bearerToken: z.string().min(1).max(4096) })]);
/** Alibaba Cloud Log Service: project and logstore; an AccessKey pair. `url` is the region endpoint. */
export const aliyunSlsSettingsSchema = z.strictObject({
  project: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, "must be an SLS project name"),
  logstore: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/, "must be an SLS logstore name"),
  topic: z.string().max(128).optional(),
});
export const aliyunSlsCredentialsSchema = z.strictObject({
  accessKeyId: z.string().min(1).max(256),
  accessKeySecret: z.string().min(1).max(4096),
});

/** Each kind's settings and credentials, for the code that checks a sink of any kind (the API, the shipper). */
export const LOG_SINK_SCHEMAS = {
  ELASTICSEARCH: { settings: elasticsearchSettingsSchema, credentials: elasticsearchCredentialsSchema },
  LOKI: { settings: lokiSettingsSchema, credentials: lokiCredentialsSchema },
  ALIYUN_SLS: { settings: aliyunSlsSettingsSchema, credentials: aliyunSlsCredentialsSchema },
} as const satisfies Record<LogSinkKind, { settings: z.ZodType; credentials: z.ZodType }>;

export const logSinkSchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: logSinkKindSchema,
  url: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Credentials are stored (never returned). */
  hasCredentials: z.boolean(),
  enabled: z.boolean(),
  /** Time of the last line shipped (null: nothing yet). */
  cursorTs: isoDateSchema.nullable(),
  shippedTotal: z.number().int(),
  lastShippedAt: isoDateSchema.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type LogSinkView = z.infer<typeof logSinkSchema>;

const base = { name: requiredNameSchema, url: httpUrlSchema, enabled: z.boolean().optional() };
/** A new sink: settings and credentials are checked against its kind. Shipping starts from now (older lines are not sent). */
export const createLogSinkSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...base,
    kind: z.literal("ELASTICSEARCH"),
    settings: elasticsearchSettingsSchema.optional(),
    credentials: elasticsearchCredentialsSchema.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal("LOKI"),
    settings: lokiSettingsSchema.optional(),
    credentials: lokiCredentialsSchema.optional(),
  }),
  z.strictObject({ ...base, kind: z.literal("ALIYUN_SLS"), settings: aliyunSlsSettingsSchema, credentials: aliyunSlsCredentialsSchema }),
]);
export type CreateLogSinkInput = z.infer<typeof createLogSinkSchema>;

/** Change a sink; `settings` and `credentials` are checked against its kind; credentials null removes them. */
export const updateLogSinkSchema = z.strictObject({
  name: requiredNameSchema.optional(),
  url: httpUrlSchema.optional(),
  enabled: z.boolean().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type UpdateLogSinkInput = z.infer<typeof updateLogSinkSchema>;

export const logSinkTestResultSchema = z.object({ ok: z.boolean(), message: z.string() });

const sinkParams = z.object({ sinkId: idSchema });
const e = { tags: ["logs"], auth: "org" as const };
export const logSinkEndpoints = {
  list: endpoint({
    ...e,
    id: "logSinks.list",
    method: "GET",
    path: "/log-sinks",
    permission: "org.read",
    summary: "The organisation's log sinks with their shipping progress (credentials are never returned).",
    response: listOf(logSinkSchema),
  }),
  create: endpoint({
    ...e,
    id: "logSinks.create",
    method: "POST",
    path: "/log-sinks",
    permission: "org.update",
    summary: "Add a sink (Elasticsearch/OpenSearch, Loki, Alibaba Cloud Log Service); lines stored from now on are shipped to it.",
    body: createLogSinkSchema,
    response: logSinkSchema,
    status: 201,
  }),
  get: endpoint({
    ...e,
    id: "logSinks.get",
    method: "GET",
    path: "/log-sinks/{sinkId}",
    permission: "org.read",
    summary: "One sink.",
    params: sinkParams,
    response: logSinkSchema,
  }),
  update: endpoint({
    ...e,
    id: "logSinks.update",
    method: "PATCH",
    path: "/log-sinks/{sinkId}",
    permission: "org.update",
    summary: "Change a sink's name, URL, settings, credentials or turn it on or off.",
    params: sinkParams,
    body: updateLogSinkSchema,
    response: logSinkSchema,
  }),
  delete: endpoint({
    ...e,
    id: "logSinks.delete",
    method: "DELETE",
    path: "/log-sinks/{sinkId}",
    permission: "org.update",
    summary: "Delete a sink and its credentials.",
    params: sinkParams,
    response: okSchema,
  }),
  test: endpoint({
    ...e,
    id: "logSinks.test",
    method: "POST",
    path: "/log-sinks/{sinkId}/test",
    permission: "org.update",
    summary: "Send one test line to the sink with the stored credentials and report the answer.",
    params: sinkParams,
    response: logSinkTestResultSchema,
  }),
};
