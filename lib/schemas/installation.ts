/**
 * Installation-wide endpoints (auth "operator": a signed-in installation operator) and an
 * organisation's own quota figures. Quotas limit clusters, nodes, applications and registry
 * storage per organisation; null means "the installation default" (QUOTA_DEFAULT_* settings).
 */
import { z } from "zod";
import { idSchema, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";
import { organizationIdentitySchema } from "./organization";

export const QUOTA_KIND_VALUES = ["clusters", "nodes", "applications", "registryBytes"] as const;
export const quotaKindSchema = z.enum(QUOTA_KIND_VALUES);

/** One quota: what is in use (null when the registry could not be measured), the limit, whether the organisation has its own. */
export const quotaFigureSchema = z.object({ used: z.number().nullable(), limit: z.number(), custom: z.boolean() });
export const quotaSetSchema = z.object({
  clusters: quotaFigureSchema,
  nodes: quotaFigureSchema,
  applications: quotaFigureSchema,
  registryBytes: quotaFigureSchema,
});
export type QuotaSet = z.infer<typeof quotaSetSchema>;

export const organizationQuotasSchema = z.object({ quotas: quotaSetSchema });

export const installationOrganizationSchema = organizationIdentitySchema.extend({
  members: z.number(),
  /** Owners' e-mail addresses, so an operator knows whom to talk to. */
  owners: z.array(z.string()),
  quotas: quotaSetSchema,
});
export type InstallationOrganization = z.infer<typeof installationOrganizationSchema>;

const countLimit = z.number().int().min(0).max(1_000_000).nullable();

/** Omitted: unchanged. null: back to the installation default. */
export const updateQuotasSchema = z
  .strictObject({
    clusters: countLimit.optional(),
    nodes: countLimit.optional(),
    applications: countLimit.optional(),
    registryBytes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "name at least one quota to change");
export type UpdateQuotasInput = z.infer<typeof updateQuotasSchema>;

export const installationSchema = z.object({
  defaults: z.object({ clusters: z.number(), nodes: z.number(), applications: z.number(), registryBytes: z.number() }),
  organizations: z.number(),
  users: z.number(),
  /** Sign-up asks for a confirmed e-mail address (an SMTP server is configured). */
  emailVerification: z.boolean(),
  retention: z.object({
    commandDays: z.number(),
    eventDays: z.number(),
    deploymentDays: z.number(),
    deploymentsKeptPerApp: z.number(),
    jobRunDays: z.number(),
    auditDays: z.number(),
  }),
});

const I = { tags: ["installation"], auth: "operator" as const };

export const installationEndpoints = {
  get: endpoint({
    ...I,
    id: "installation.get",
    method: "GET",
    path: "/installation",
    summary: "Installation defaults and settings (operators only).",
    response: installationSchema,
  }),
  listOrganizations: endpoint({
    ...I,
    id: "installation.organizations.list",
    method: "GET",
    path: "/installation/organizations",
    summary: "Every organisation with its usage against its quotas (operators only).",
    query: paginationQuerySchema,
    response: pageOf(installationOrganizationSchema),
  }),
  updateQuotas: endpoint({
    ...I,
    id: "installation.organizations.updateQuotas",
    method: "PATCH",
    path: "/installation/organizations/{organizationId}/quotas",
    summary: "Set an organisation's quotas (null: the installation default). Recorded in that organisation's audit log.",
    params: z.object({ organizationId: idSchema }),
    body: updateQuotasSchema,
    response: installationOrganizationSchema,
  }),
  organizationQuotas: endpoint({
    id: "organization.quotas",
    method: "GET",
    path: "/organization/quotas",
    tags: ["organizations"],
    auth: "org",
    permission: "quotas.read",
    summary: "The organisation's usage against its quotas.",
    response: organizationQuotasSchema,
  }),
};
