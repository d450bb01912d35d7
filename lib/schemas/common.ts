/** Shared schema pieces: ids, timestamps, pagination and the one error shape. */
import { z } from "zod";

/** Resource ids are cuids. A malformed id is answered like an unknown one (404). */
export const idSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "must be a resource id");

export const isoDateSchema = z.iso.datetime({ offset: true });

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email("must be an e-mail address"));

/** A name people give what they create (a token, a webhook, a channel, a sink): required, at most 64 characters. */
export const requiredNameSchema = z.string().trim().min(1, "is required").max(64);

/** An address Wharf sends requests to (webhooks, notification channels, log sinks): http or https only. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .url("must be an http(s) URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

export const roleSchema = z.enum(["OWNER", "ADMIN", "DEVELOPER", "VIEWER"]);

export const paginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: idSchema.optional(),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: idSchema.nullable() });
}

/** A list answered whole (short by nature: a cluster's nodes, an application's versions), in the same envelope as a page. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

export const okSchema = z.object({ ok: z.literal(true) });

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorSchema>;
