/**
 * The image registry API: the organisation's repositories and tags in the hosted registry,
 * retention rules, garbage collection, outgoing push webhooks and external registry credentials.
 */
import { z } from "zod";
import { countStars, MAX_GLOB_STARS } from "@/lib/protocol/glob";
import { httpUrlSchema, idSchema, isoDateSchema, listOf, okSchema, pageOf, paginationQuerySchema, requiredNameSchema } from "./common";
import { endpoint } from "./endpoint";

export const tagNameSchema = z.string().regex(/^[\w][\w.-]{0,127}$/, "must be a tag: letters, digits, _ . - (at most 128)");
/**
 * Repository name glob inside the organisation: "*", "web", "team-*". `*` matches any run of
 * characters (including "/"), `?` one character; matched in linear time (lib/protocol/glob) and
 * bounded here so stored patterns stay small.
 */
export const repositoryGlobSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9*?][a-z0-9._/*?-]{0,199}$/, "must be a repository name or a glob such as * or team-*")
  .refine((glob) => countStars(glob) <= MAX_GLOB_STARS, `may contain at most ${MAX_GLOB_STARS} * wildcards`);

export const repositorySchema = z.object({
  id: idSchema,
  /** Full path in the registry, "<org-slug>/<name>". */
  path: z.string(),
  /** Name inside the organisation. */
  name: z.string(),
  /** The image reference without a tag: "<registry>/<org-slug>/<name>". */
  image: z.string(),
  createdAt: isoDateSchema,
  lastPushAt: isoDateSchema.nullable(),
  /** Null when the registry could not be asked. */
  tagCount: z.number().int().nullable(),
});
export type Repository = z.infer<typeof repositorySchema>;

export const tagSchema = z.object({
  name: z.string(),
  digest: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  createdAt: isoDateSchema.nullable(),
  /** When Wharf last saw this tag pushed (from registry notifications). */
  pushedAt: isoDateSchema.nullable(),
  platforms: z.array(z.string()),
  pullCommand: z.string(),
});
export type Tag = z.infer<typeof tagSchema>;

export const registryEventSchema = z.object({
  id: idSchema,
  action: z.string(),
  tag: z.string().nullable(),
  digest: z.string().nullable(),
  actor: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type RegistryEvent = z.infer<typeof registryEventSchema>;

export const registryOverviewSchema = z.object({
  host: z.string(),
  namespace: z.string(),
  loginCommand: z.string(),
  reachable: z.boolean(),
  /** Compressed bytes of the distinct blobs the organisation's tags reference. */
  usage: z.object({ bytes: z.number(), repositories: z.number().int(), tags: z.number().int() }).nullable(),
  gc: z.object({ lastRunAt: isoDateSchema.nullable(), lastStatus: z.string().nullable(), lastFreedBytes: z.number().nullable() }),
});
export type RegistryOverview = z.infer<typeof registryOverviewSchema>;

export const retentionRuleSchema = z.object({
  id: idSchema,
  repository: z.string(),
  keepLast: z.number().int().nullable(),
  keepDays: z.number().int().nullable(),
  enabled: z.boolean(),
  createdAt: isoDateSchema,
  lastRunAt: isoDateSchema.nullable(),
  lastResult: z.object({ deleted: z.number().int(), kept: z.number().int(), errors: z.array(z.string()) }).nullable(),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

const keepLastSchema = z.number().int().min(1).max(10_000);
const keepDaysSchema = z.number().int().min(1).max(3650);

export const createRetentionRuleSchema = z
  .strictObject({
    repository: repositoryGlobSchema,
    keepLast: keepLastSchema.nullable().optional(),
    keepDays: keepDaysSchema.nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((r) => r.keepLast != null || r.keepDays != null, { message: "set keepLast, keepDays or both", path: ["keepLast"] });
export type CreateRetentionRuleInput = z.infer<typeof createRetentionRuleSchema>;

export const updateRetentionRuleSchema = z.strictObject({
  repository: repositoryGlobSchema.optional(),
  keepLast: keepLastSchema.nullable().optional(),
  keepDays: keepDaysSchema.nullable().optional(),
  enabled: z.boolean().optional(),
});
export type UpdateRetentionRuleInput = z.infer<typeof updateRetentionRuleSchema>;

export const retentionPreviewQuerySchema = z.object({
  repository: repositoryGlobSchema.optional(),
  keepLast: z.coerce.number().pipe(keepLastSchema).optional(),
  keepDays: z.coerce.number().pipe(keepDaysSchema).optional(),
});

const plannedTagSchema = z.object({ tag: z.string(), digest: z.string(), age: isoDateSchema.nullable(), reason: z.string() });
export const retentionPreviewSchema = z.object({
  /** "rules": the organisation's enabled rules (what the next run deletes); "draft": the rule in the query. */
  source: z.enum(["rules", "draft"]),
  repositories: z.array(z.object({ path: z.string(), keep: z.array(plannedTagSchema), delete: z.array(plannedTagSchema) })),
  deleteCount: z.number().int(),
  keepCount: z.number().int(),
});
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

export const WEBHOOK_EVENTS = ["image.push", "image.delete"] as const;
export const webhookEventSchema = z.enum(WEBHOOK_EVENTS);

export const webhookSchema = z.object({
  id: idSchema,
  name: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: isoDateSchema,
  lastDelivery: z.object({ status: z.string(), createdAt: isoDateSchema, responseStatus: z.number().int().nullable() }).nullable(),
});
export type Webhook = z.infer<typeof webhookSchema>;
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const createWebhookSchema = z.strictObject({
  name: requiredNameSchema,
  url: httpUrlSchema,
  events: z.array(webhookEventSchema).min(1).max(WEBHOOK_EVENTS.length).optional(),
  enabled: z.boolean().optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;
export const updateWebhookSchema = z.strictObject({
  name: z.string().trim().min(1).max(64).optional(),
  url: httpUrlSchema.optional(),
  events: z.array(webhookEventSchema).min(1).max(WEBHOOK_EVENTS.length).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>;

export const webhookDeliverySchema = z.object({
  id: idSchema,
  event: z.string(),
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  payload: z.unknown(),
  createdAt: isoDateSchema,
  deliveredAt: isoDateSchema.nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const externalRegistryKindSchema = z.enum(["DOCKER_HUB", "GHCR", "ECR", "ACR", "GENERIC"]);
export type ExternalRegistryKind = z.infer<typeof externalRegistryKindSchema>;
const registryHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:\d{1,5})?$/,
    "must be a registry host such as ghcr.io or registry.example.com:5000 (no scheme)",
  );

export const externalRegistrySchema = z.object({
  id: idSchema,
  name: z.string(),
  kind: externalRegistryKindSchema,
  host: z.string(),
  username: z.string(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
  lastTestedAt: isoDateSchema.nullable(),
  lastTestOk: z.boolean().nullable(),
  lastTestError: z.string().nullable(),
});
export type ExternalRegistry = z.infer<typeof externalRegistrySchema>;

export const createExternalRegistrySchema = z.strictObject({
  name: requiredNameSchema,
  kind: externalRegistryKindSchema,
  host: registryHostSchema,
  username: z.string().trim().min(1, "is required").max(256),
  /** Password or access token; stored encrypted, never returned. */
  password: z.string().min(1, "is required").max(4096),
});
export type CreateExternalRegistryInput = z.infer<typeof createExternalRegistrySchema>;
/** A new `host` needs `password` too (422 otherwise): stored credentials never move to another host. */
export const updateExternalRegistrySchema = z.strictObject({
  name: z.string().trim().min(1).max(64).optional(),
  host: registryHostSchema.optional(),
  username: z.string().trim().min(1).max(256).optional(),
  password: z.string().min(1).max(4096).optional(),
});
export type UpdateExternalRegistryInput = z.infer<typeof updateExternalRegistrySchema>;
export const externalTestResultSchema = z.object({ ok: z.boolean(), message: z.string(), testedAt: isoDateSchema });

export const queuedSchema = z.object({ queued: z.literal(true), jobId: z.string() });

const repoParams = z.object({ repositoryId: idSchema });
const tagParams = z.object({ repositoryId: idSchema, tag: tagNameSchema });
const ruleParams = z.object({ ruleId: idSchema });
const webhookParams = z.object({ webhookId: idSchema });
const externalParams = z.object({ externalRegistryId: idSchema });
const R = { tags: ["registry"], auth: "org" as const };

export const registryEndpoints = {
  overview: endpoint({
    ...R,
    id: "registry.overview",
    method: "GET",
    path: "/registry",
    permission: "registry.read",
    summary: "The hosted registry for this organisation: address, login command, storage used, last garbage collection.",
    response: registryOverviewSchema,
  }),
  listRepositories: endpoint({
    ...R,
    id: "registry.repositories.list",
    method: "GET",
    path: "/registry/repositories",
    permission: "registry.read",
    summary: "Repositories in the organisation's namespace (kept in step with the registry's catalog).",
    query: paginationQuerySchema,
    response: pageOf(repositorySchema),
  }),
  getRepository: endpoint({
    ...R,
    id: "registry.repositories.get",
    method: "GET",
    path: "/registry/repositories/{repositoryId}",
    permission: "registry.read",
    summary: "One repository.",
    params: repoParams,
    response: repositorySchema,
  }),
  listTags: endpoint({
    ...R,
    id: "registry.tags.list",
    method: "GET",
    path: "/registry/repositories/{repositoryId}/tags",
    permission: "registry.read",
    summary: "Tags with digest, size, creation time and platforms (manifest lists show every platform).",
    params: repoParams,
    response: listOf(tagSchema),
  }),
  deleteTag: endpoint({
    ...R,
    id: "registry.tags.delete",
    method: "DELETE",
    path: "/registry/repositories/{repositoryId}/tags/{tag}",
    permission: "registry.manage",
    summary: "Delete a tag's manifest (by digest): other tags with the same digest go too. Space is freed by the next garbage collection.",
    params: tagParams,
    response: z.object({ deleted: z.array(z.string()), digest: z.string() }),
  }),
  listEvents: endpoint({
    ...R,
    id: "registry.events.list",
    method: "GET",
    path: "/registry/repositories/{repositoryId}/events",
    permission: "registry.read",
    summary: "Activity of a repository: pushes and deletes, newest first.",
    params: repoParams,
    query: paginationQuerySchema,
    response: pageOf(registryEventSchema),
  }),
  // Installation-wide (blobs are shared by every organisation's repositories): operators only.
  requestGc: endpoint({
    tags: ["registry", "installation"],
    auth: "operator",
    id: "registry.gc.request",
    method: "POST",
    path: "/registry/gc",
    summary:
      "Run registry-wide garbage collection soon (installation operators only; the registry is read-only for a few seconds while it runs).",
    response: queuedSchema,
    status: 202,
  }),
  listRetentionRules: endpoint({
    ...R,
    id: "registry.retention.list",
    method: "GET",
    path: "/registry/retention-rules",
    permission: "registry.read",
    summary: "Retention rules: tags a rule keeps survive; others in matching repositories are deleted when rules run.",
    response: listOf(retentionRuleSchema),
  }),
  createRetentionRule: endpoint({
    ...R,
    id: "registry.retention.create",
    method: "POST",
    path: "/registry/retention-rules",
    permission: "registry.manage",
    summary: "Keep the last N tags and/or tags newer than D days in matching repositories.",
    body: createRetentionRuleSchema,
    response: retentionRuleSchema,
    status: 201,
  }),
  updateRetentionRule: endpoint({
    ...R,
    id: "registry.retention.update",
    method: "PATCH",
    path: "/registry/retention-rules/{ruleId}",
    permission: "registry.manage",
    summary: "Change or disable a retention rule.",
    params: ruleParams,
    body: updateRetentionRuleSchema,
    response: retentionRuleSchema,
  }),
  deleteRetentionRule: endpoint({
    ...R,
    id: "registry.retention.delete",
    method: "DELETE",
    path: "/registry/retention-rules/{ruleId}",
    permission: "registry.manage",
    summary: "Delete a retention rule.",
    params: ruleParams,
    response: okSchema,
  }),
  previewRetention: endpoint({
    ...R,
    id: "registry.retention.preview",
    method: "GET",
    path: "/registry/retention-preview",
    permission: "registry.read",
    summary: "Dry run: which tags the enabled rules (or the rule given in the query) would keep and delete. Changes nothing.",
    query: retentionPreviewQuerySchema,
    response: retentionPreviewSchema,
  }),
  runRetention: endpoint({
    ...R,
    id: "registry.retention.run",
    method: "POST",
    path: "/registry/retention-runs",
    permission: "registry.manage",
    summary: "Apply the organisation's retention rules now (they also run on a schedule).",
    response: queuedSchema,
    status: 202,
  }),
  listWebhooks: endpoint({
    ...R,
    id: "registry.webhooks.list",
    method: "GET",
    path: "/registry/webhooks",
    permission: "registry.manage",
    summary: "Outgoing webhooks (signing secrets are never returned).",
    response: listOf(webhookSchema),
  }),
  createWebhook: endpoint({
    ...R,
    id: "registry.webhooks.create",
    method: "POST",
    path: "/registry/webhooks",
    permission: "registry.manage",
    summary: "Create a webhook; its HMAC signing secret is shown once.",
    body: createWebhookSchema,
    response: createdWebhookSchema,
    status: 201,
  }),
  updateWebhook: endpoint({
    ...R,
    id: "registry.webhooks.update",
    method: "PATCH",
    path: "/registry/webhooks/{webhookId}",
    permission: "registry.manage",
    summary: "Change a webhook's name, URL, events or enabled state.",
    params: webhookParams,
    body: updateWebhookSchema,
    response: webhookSchema,
  }),
  deleteWebhook: endpoint({
    ...R,
    id: "registry.webhooks.delete",
    method: "DELETE",
    path: "/registry/webhooks/{webhookId}",
    permission: "registry.manage",
    summary: "Delete a webhook and its delivery log.",
    params: webhookParams,
    response: okSchema,
  }),
  listDeliveries: endpoint({
    ...R,
    id: "registry.webhooks.deliveries",
    method: "GET",
    path: "/registry/webhooks/{webhookId}/deliveries",
    permission: "registry.manage",
    summary: "Delivery log of a webhook, newest first.",
    params: webhookParams,
    query: paginationQuerySchema,
    response: pageOf(webhookDeliverySchema),
  }),
  listExternal: endpoint({
    ...R,
    id: "registry.external.list",
    method: "GET",
    path: "/registry/external-registries",
    permission: "registry.read",
    summary: "Credentials for external registries (passwords are never returned).",
    response: listOf(externalRegistrySchema),
  }),
  createExternal: endpoint({
    ...R,
    id: "registry.external.create",
    method: "POST",
    path: "/registry/external-registries",
    permission: "registry.manage",
    summary: "Store credentials for Docker Hub, GHCR, ECR, ACR or any v2 registry (encrypted at rest).",
    body: createExternalRegistrySchema,
    response: externalRegistrySchema,
    status: 201,
  }),
  updateExternal: endpoint({
    ...R,
    id: "registry.external.update",
    method: "PATCH",
    path: "/registry/external-registries/{externalRegistryId}",
    permission: "registry.manage",
    summary: "Change an external registry's name, host, username or password; a new host requires the password again.",
    params: externalParams,
    body: updateExternalRegistrySchema,
    response: externalRegistrySchema,
  }),
  deleteExternal: endpoint({
    ...R,
    id: "registry.external.delete",
    method: "DELETE",
    path: "/registry/external-registries/{externalRegistryId}",
    permission: "registry.manage",
    summary: "Delete stored credentials.",
    params: externalParams,
    response: okSchema,
  }),
  testExternal: endpoint({
    ...R,
    id: "registry.external.test",
    method: "POST",
    path: "/registry/external-registries/{externalRegistryId}/test",
    permission: "registry.manage",
    summary:
      "Sign in to the registry with the stored credentials (the v2 token handshake; public addresses only unless allow-listed, no redirects, credentials only to a token service on the registry's own host) and record the result.",
    params: externalParams,
    response: externalTestResultSchema,
  }),
};
