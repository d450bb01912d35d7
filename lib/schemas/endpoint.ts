/**
 * An API endpoint's contract: method, path, who may call it and the zod schemas of its input and
 * output. Route handlers, the OpenAPI document and the contract tests (tenant isolation, bad input)
 * all read these descriptors, so the three cannot drift apart. Browser-safe: zod only.
 */
import type { z } from "zod";
import type { Permission } from "@/lib/auth/permissions";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * public: anyone. user: a signed-in person (session cookie), no organisation needed.
 * org: a session with an active organisation, or an API token; scoped to that organisation.
 * operator: a signed-in installation operator (session cookie only: API tokens belong to one
 * organisation, so none can act installation-wide). Others get 403.
 */
export type AuthMode = "public" | "user" | "org" | "operator";

type Schema = z.ZodType;

export type Endpoint<
  A extends AuthMode = AuthMode,
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema = Schema,
> = {
  /** Stable operation id, e.g. "tokens.create". */
  id: string;
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1 with {params}, e.g. "/tokens/{tokenId}". */
  path: string;
  summary: string;
  tags: string[];
  auth: A;
  /** Required for auth "org". */
  permission?: Permission;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Success status; 200 unless stated. */
  status?: number;
  /** Request body limit in bytes; the global default (API_BODY_LIMIT_BYTES) unless stated. */
  bodyLimit?: number;
  /** Also accept multipart/form-data (fields as strings; files as their text; "env" as JSON). */
  multipart?: boolean;
};

export function endpoint<
  A extends AuthMode,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema = Schema,
>(def: Endpoint<A, P, Q, B, R>): Endpoint<A, P, Q, B, R> {
  if (def.auth === "org" && !def.permission) throw new Error(`Endpoint ${def.id} needs a permission`);
  return def;
}

export const API_PREFIX = "/api/v1";

export const isMutation = (e: Pick<Endpoint, "method">) => e.method !== "GET";

/** What a handler may return for a response schema: Dates where the wire has ISO strings, BigInt for numbers. */
export type Wire<T> = T extends string
  ? T | Date
  : T extends number
    ? T | bigint
    : T extends Array<infer U>
      ? Array<Wire<U>>
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;
