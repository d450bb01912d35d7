import { z } from "zod";
import { idSchema, isoDateSchema, pageOf, paginationQuerySchema } from "./common";
import { endpoint } from "./endpoint";

export const auditEntrySchema = z.object({
  id: idSchema,
  actorType: z.enum(["USER", "API_TOKEN", "AGENT", "SYSTEM"]),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.unknown().nullable(),
  createdAt: isoDateSchema,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = paginationQuerySchema.extend({
  action: z.string().max(100).optional(),
});

export const auditEndpoints = {
  list: endpoint({
    id: "audit.list",
    method: "GET",
    path: "/audit-logs",
    tags: ["audit"],
    auth: "org",
    permission: "audit.read",
    summary: "Every change in the organisation: who, what, when, from where.",
    query: auditQuerySchema,
    response: pageOf(auditEntrySchema),
  }),
};
