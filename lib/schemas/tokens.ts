import { z } from "zod";
import { idSchema, isoDateSchema, okSchema, pageOf, paginationQuerySchema, requiredNameSchema, roleSchema } from "./common";
import { endpoint } from "./endpoint";

export const apiTokenSchema = z.object({
  id: idSchema,
  name: z.string(),
  role: roleSchema,
  prefix: z.string(),
  createdAt: isoDateSchema,
  lastUsedAt: isoDateSchema.nullable(),
  expiresAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createApiTokenSchema = z.strictObject({
  name: requiredNameSchema,
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });

export const tokenEndpoints = {
  list: endpoint({
    id: "tokens.list",
    method: "GET",
    path: "/tokens",
    tags: ["tokens"],
    auth: "org",
    permission: "tokens.read",
    summary: "API tokens of the organisation (secrets are never returned).",
    query: paginationQuerySchema,
    response: pageOf(apiTokenSchema),
  }),
  create: endpoint({
    id: "tokens.create",
    method: "POST",
    path: "/tokens",
    tags: ["tokens"],
    auth: "org",
    permission: "tokens.manage",
    summary: "Create an API token; the secret is shown once.",
    body: createApiTokenSchema,
    response: createdApiTokenSchema,
    status: 201,
  }),
  revoke: endpoint({
    id: "tokens.revoke",
    method: "DELETE",
    path: "/tokens/{tokenId}",
    tags: ["tokens"],
    auth: "org",
    permission: "tokens.manage",
    summary: "Revoke a token; it stops working at once.",
    params: z.object({ tokenId: idSchema }),
    response: okSchema,
  }),
};
