/**
 * Load balancers, TLS certificates and application traffic: request/response schemas and the
 * endpoints. Browser-safe. Driver settings and credentials are free-form here and validated per
 * driver (lib/drivers/lb/settings.ts) by the domain, which reports field paths such as
 * body.settings.region.
 */
import { z } from "zod";
import { backendStatsSchema } from "@/lib/protocol/haproxy";
import { idSchema, isoDateSchema, listOf, okSchema } from "./common";
import { endpoint } from "./endpoint";

/** The drivers' form descriptions (browser-safe), re-exported so the console imports schemas only. */
export { LB_DRIVER_SPECS, type LbDriverSpec, type LbFieldSpec } from "@/lib/drivers/lb/settings";

export const lbDriverKindSchema = z.enum(["haproxy", "aliyun-slb", "aws-elbv2"]);

/** What `lb.port_*` labels name, so it must be something parseLbTarget accepts. */
export const lbNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "must be 1-63 letters, digits, dots, dashes or underscores (what lb.port_* labels name)");

const settingsInputSchema = z
  .record(z.string().max(64), z.union([z.string().max(2048), z.number(), z.boolean(), z.null()]))
  .refine((s) => Object.keys(s).length <= 32, "at most 32 settings");

/** Write-only: stored encrypted, never returned. */
const credentialsInputSchema = z
  .record(z.string().max(64), z.string().max(4096))
  .refine((c) => Object.keys(c).length <= 16, "at most 16 credential fields");

export const createLoadBalancerSchema = z.strictObject({
  name: lbNameSchema,
  driver: lbDriverKindSchema,
  description: z.string().trim().max(500).optional(),
  settings: settingsInputSchema.optional(),
  credentials: credentialsInputSchema.optional(),
  /** The cluster's HTTP routing tier (routing.port_* rules): HAProxy only, at most one per cluster. */
  routing: z.boolean().optional(),
});
export type CreateLoadBalancerInput = z.infer<typeof createLoadBalancerSchema>;

/** The driver cannot change. `settings` replaces all settings; `credentials` absent keeps the stored ones. */
export const updateLoadBalancerSchema = z.strictObject({
  name: lbNameSchema.optional(),
  description: z.string().trim().max(500).optional(),
  settings: settingsInputSchema.optional(),
  credentials: credentialsInputSchema.optional(),
  routing: z.boolean().optional(),
});
export type UpdateLoadBalancerInput = z.infer<typeof updateLoadBalancerSchema>;

const appliedBackendSchema = z.object({
  id: z.string(),
  address: z.string(),
  port: z.number().int(),
  weight: z.number(),
  pool: z.string(),
  nodeId: z.string().optional(),
});

/** A listener (or one route of a routing listener) as the last successful sync applied it. */
export const appliedListenerSchema = z.object({
  port: z.number().int(),
  protocol: z.string(),
  route: z.string().optional(),
  hosts: z.array(z.string()).optional(),
  pathPrefix: z.string().optional(),
  service: z.object({ applicationId: z.string(), appServiceId: z.string(), swarmName: z.string() }),
  backends: z.array(appliedBackendSchema),
});
export const appliedSchema = z.object({ at: z.string(), listeners: z.array(appliedListenerSchema) });
export type AppliedTrafficView = z.infer<typeof appliedSchema>;

export const loadBalancerSchema = z.object({
  id: idSchema,
  clusterId: idSchema,
  clusterName: z.string(),
  name: z.string(),
  driver: lbDriverKindSchema,
  description: z.string(),
  /** Non-secret driver settings. */
  settings: z.record(z.string(), z.unknown()),
  /** Credentials are stored (encrypted); they are never returned. */
  hasCredentials: z.boolean(),
  routing: z.boolean(),
  lastSyncAt: isoDateSchema.nullable(),
  lastSyncOk: z.boolean().nullable(),
  lastSyncError: z.string().nullable(),
  applied: appliedSchema.nullable(),
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;

export const testConnectionResultSchema = z.object({ ok: z.boolean(), message: z.string(), testedAt: isoDateSchema });

const backendStateSchema = z.enum(["active", "draining", "down", "maintenance"]);
const observedListenerSchema = z.object({
  port: z.number().int(),
  protocol: z.string(),
  routes: z.array(z.object({ name: z.string(), hosts: z.array(z.string()), pathPrefix: z.string() })).optional(),
  backends: z.array(
    z.object({
      id: z.string(),
      address: z.string(),
      port: z.number().int(),
      weight: z.number(),
      pool: z.string(),
      state: backendStateSchema,
      healthy: z.boolean().nullable(),
    }),
  ),
});
export const lbStatsSchema = z.object({
  at: z.string(),
  available: z.boolean(),
  listeners: z.array(
    z.object({ port: z.number().int(), protocol: z.string(), route: z.string().optional(), backends: z.array(backendStatsSchema) }),
  ),
});

/** What the balancer holds and counts now, read live; each read fails on its own with a message. */
export const loadBalancerStatusSchema = z.object({
  loadBalancer: loadBalancerSchema,
  readAt: isoDateSchema,
  observed: z.object({ listeners: z.array(observedListenerSchema) }).nullable(),
  observedError: z.string().nullable(),
  stats: lbStatsSchema.nullable(),
  statsError: z.string().nullable(),
});
export type LoadBalancerStatus = z.infer<typeof loadBalancerStatusSchema>;

// ── certificates ──

export const uploadCertificateSchema = z.strictObject({
  /** Defaults to the certificate's first domain. */
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9*][A-Za-z0-9_.*-]{0,62}$/, "must be 1-63 letters, digits, dots, dashes or underscores")
    .optional(),
  /** PEM: the certificate first, then any intermediates. */
  certificate: z
    .string()
    .min(1, "is required")
    .max(64 * 1024),
  /** PEM private key (unencrypted); stored encrypted, never returned. */
  privateKey: z
    .string()
    .min(1, "is required")
    .max(32 * 1024),
});
export type UploadCertificateInput = z.infer<typeof uploadCertificateSchema>;

export const certificateSchema = z.object({
  id: idSchema,
  clusterId: idSchema,
  name: z.string(),
  domains: z.array(z.string()),
  notAfter: isoDateSchema,
  issuer: z.string(),
  fingerprint256: z.string(),
  createdAt: isoDateSchema,
});
export type Certificate = z.infer<typeof certificateSchema>;

// ── application traffic ──

const endpointLbSchema = z.object({ id: z.string(), name: z.string(), driver: lbDriverKindSchema });
export const applicationTrafficSchema = z.object({
  readAt: isoDateSchema,
  services: z.array(
    z.object({
      appServiceId: z.string(),
      name: z.string(),
      swarmName: z.string(),
      endpoints: z.array(
        z.object({
          kind: z.enum(["lb", "routing"]),
          containerPort: z.number().int(),
          /** Where clients connect; null when the balancer's address is not known to Wharf (see `note`). */
          url: z.string().nullable(),
          note: z.string().nullable(),
          loadBalancer: endpointLbSchema.nullable(),
        }),
      ),
      backends: z.array(
        z.object({
          loadBalancerId: z.string(),
          loadBalancerName: z.string(),
          /** "tcp:8080", or "http:80 shop-web-80" for a route. */
          listener: z.string(),
          id: z.string(),
          address: z.string(),
          port: z.number().int(),
          weight: z.number(),
          pool: z.string(),
          nodeId: z.string().nullable(),
          nodeName: z.string().nullable(),
          health: z.enum(["up", "down", "draining", "maintenance", "unknown"]),
          /** Counters since the balancer started (null: not available); rates come from two samples. */
          requests: z.number().nullable(),
          responses5xx: z.number().nullable(),
        }),
      ),
    }),
  ),
  /** Per balancer, why live health or counters could not be read. */
  errors: z.array(z.object({ loadBalancerName: z.string(), message: z.string() })),
});
export type ApplicationTraffic = z.infer<typeof applicationTrafficSchema>;

const clusterParams = z.object({ clusterId: idSchema });
const lbParams = z.object({ loadBalancerId: idSchema });
const certParams = z.object({ certificateId: idSchema });
const appParams = z.object({ applicationId: idSchema });
const T = { tags: ["traffic"], auth: "org" as const };

export const loadBalancerEndpoints = {
  listAll: endpoint({
    ...T,
    id: "loadBalancers.listAll",
    method: "GET",
    path: "/load-balancers",
    permission: "clusters.read",
    summary: "Every load balancer of the organisation, in all clusters (credentials are never returned).",
    response: listOf(loadBalancerSchema),
  }),
  list: endpoint({
    ...T,
    id: "loadBalancers.list",
    method: "GET",
    path: "/clusters/{clusterId}/load-balancers",
    permission: "clusters.read",
    summary: "The cluster's load balancers, with the last sync's outcome and what it applied.",
    params: clusterParams,
    response: listOf(loadBalancerSchema),
  }),
  create: endpoint({
    ...T,
    id: "loadBalancers.create",
    method: "POST",
    path: "/clusters/{clusterId}/load-balancers",
    permission: "clusters.manage",
    summary:
      "Add a load balancer (haproxy, aliyun-slb or aws-elbv2) that lb.port_* labels can name; settings and credentials are checked against the driver, credentials are stored encrypted.",
    params: clusterParams,
    body: createLoadBalancerSchema,
    response: loadBalancerSchema,
    status: 201,
  }),
  get: endpoint({
    ...T,
    id: "loadBalancers.get",
    method: "GET",
    path: "/load-balancers/{loadBalancerId}",
    permission: "clusters.read",
    summary: "One load balancer.",
    params: lbParams,
    response: loadBalancerSchema,
  }),
  update: endpoint({
    ...T,
    id: "loadBalancers.update",
    method: "PATCH",
    path: "/load-balancers/{loadBalancerId}",
    permission: "clusters.manage",
    summary:
      "Change name, description, settings, credentials or the routing flag; without credentials the stored ones are kept (except when the API endpoint changes).",
    params: lbParams,
    body: updateLoadBalancerSchema,
    response: loadBalancerSchema,
  }),
  delete: endpoint({
    ...T,
    id: "loadBalancers.delete",
    method: "DELETE",
    path: "/load-balancers/{loadBalancerId}",
    permission: "clusters.manage",
    summary: "Delete a load balancer no application binds (409 names the ones that still do).",
    params: lbParams,
    response: okSchema,
  }),
  testConnection: endpoint({
    ...T,
    id: "loadBalancers.testConnection",
    method: "POST",
    path: "/load-balancers/{loadBalancerId}/test-connection",
    permission: "clusters.manage",
    summary: "Check the settings and credentials against the balancer's API (public addresses only unless allow-listed).",
    params: lbParams,
    response: testConnectionResultSchema,
  }),
  status: endpoint({
    ...T,
    id: "loadBalancers.status",
    method: "GET",
    path: "/load-balancers/{loadBalancerId}/status",
    permission: "clusters.read",
    summary: "Last sync, what it applied, and live listeners, backend health and traffic counters read from the balancer.",
    params: lbParams,
    response: loadBalancerStatusSchema,
  }),
  listCertificates: endpoint({
    ...T,
    id: "certificates.list",
    method: "GET",
    path: "/clusters/{clusterId}/certificates",
    permission: "clusters.read",
    summary: "TLS certificates of the cluster's routing tier (keys are never returned).",
    params: clusterParams,
    response: listOf(certificateSchema),
  }),
  uploadCertificate: endpoint({
    ...T,
    id: "certificates.upload",
    method: "POST",
    path: "/clusters/{clusterId}/certificates",
    permission: "clusters.manage",
    summary:
      "Upload a PEM certificate (with its chain) and its private key for https routes; expired, mismatched or unreadable ones are refused.",
    params: clusterParams,
    body: uploadCertificateSchema,
    response: certificateSchema,
    status: 201,
  }),
  deleteCertificate: endpoint({
    ...T,
    id: "certificates.delete",
    method: "DELETE",
    path: "/certificates/{certificateId}",
    permission: "clusters.manage",
    summary: "Delete a certificate.",
    params: certParams,
    response: okSchema,
  }),
  applicationTraffic: endpoint({
    ...T,
    id: "applications.traffic",
    method: "GET",
    path: "/applications/{applicationId}/traffic",
    permission: "apps.read",
    summary: "Per service: its endpoints (URLs), its backends in each load balancer with live health, and request and 5xx counters.",
    params: appParams,
    response: applicationTrafficSchema,
  }),
};
