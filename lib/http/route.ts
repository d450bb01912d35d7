/**
 * The one wrapper every API route handler goes through: request id, authentication, permission,
 * input parsing (params, query, JSON body with a size limit, strict zod), error mapping and JSON
 * output. Handlers only call a domain function and shape the result.
 */
import { ZodError, type z } from "zod";
import type { OrgContext, UserContext } from "@/lib/auth/context";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger, type Logger } from "@/lib/logger";
import type { AuthMode, Endpoint, Wire } from "@/lib/schemas/endpoint";
import { assertSameOrigin, authenticateOperator, authenticateOrg, authenticateUser } from "./authenticate";
import { dependencyDown } from "@/lib/store-errors";
import { readRequestBody } from "./read-body";
import { requestInfo, type RequestInfo } from "./request-info";
import { findUnsafeStrings } from "./unsafe-strings";
import { appErrorResponse, errorResponse, jsonResponse } from "./respond";

type Schema = z.ZodType;
type Parsed<S> = S extends Schema ? z.output<S> : undefined;

type ContextFor<A extends AuthMode> = A extends "org" ? OrgContext : A extends "user" | "operator" ? UserContext : RequestInfo;

export type HandlerArgs<A extends AuthMode, P, Q, B> = {
  req: Request;
  ctx: ContextFor<A>;
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  log: Logger;
  /** Adds a Set-Cookie header to the response. */
  setCookie: (cookie: string) => void;
};

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function route<
  A extends AuthMode,
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
  R extends Schema,
>(
  ep: Endpoint<A, P, Q, B, R>,
  /** Returns the JSON result, or a Response of its own (streams such as Server-Sent Events). */
  handler: (args: HandlerArgs<A, P, Q, B>) => Promise<Wire<z.output<R>> | Response>,
) {
  return async (req: Request, routeCtx?: RouteContext): Promise<Response> => {
    const info = requestInfo(req);
    const log = logger.child({ requestId: info.requestId, route: ep.id });
    const cookies: string[] = [];
    try {
      const ctx = await authenticate(ep, req, info);
      const params = parseParams(ep.params, await routeCtx?.params);
      const query = parseInput(ep.query, Object.fromEntries(new URL(req.url).searchParams), "query");
      const body = await parseBody(ep, req);
      const result = await handler({
        req,
        ctx: ctx as ContextFor<A>,
        params: params as Parsed<P>,
        query: query as Parsed<Q>,
        body: body as Parsed<B>,
        log,
        setCookie: (c) => cookies.push(c),
      });
      if (result instanceof Response) return result;
      if (env.NODE_ENV === "test") assertResponseShape(ep, result);
      const headers = new Headers({ "x-request-id": info.requestId });
      for (const c of cookies) headers.append("set-cookie", c);
      return jsonResponse(result, { status: ep.status ?? 200, headers });
    } catch (error) {
      return toErrorResponse(error, info.requestId, log);
    }
  };
}

async function authenticate(ep: Endpoint, req: Request, info: RequestInfo) {
  if (ep.auth === "org") return authenticateOrg(req, info, ep.permission ?? "org.update");
  if (ep.auth === "user") return authenticateUser(req, info);
  if (ep.auth === "operator") return authenticateOperator(req, info);
  assertSameOrigin(req); // public mutations (sign-in) set cookies: refuse cross-site login
  return info;
}

function parseParams(schema: Schema | undefined, raw: Record<string, unknown> | undefined) {
  assertSafeStrings(raw, "params");
  if (!schema) return undefined;
  const parsed = schema.safeParse(raw ?? {});
  // A malformed id names nothing: answer as for an unknown resource, never hint at existence.
  if (!parsed.success) throw new AppError("NOT_FOUND", "Not found");
  return parsed.data;
}

function parseInput(schema: Schema | undefined, raw: unknown, where: "query" | "body") {
  assertSafeStrings(raw, where);
  if (!schema) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, where);
  return parsed.data;
}

async function parseBody(ep: Endpoint, req: Request) {
  if (ep.method === "GET") return undefined;
  const raw = await readRequestBody(req, ep.bodyLimit ?? env.API_BODY_LIMIT_BYTES, { multipart: ep.multipart });
  if (!ep.body) {
    const empty = raw === undefined || (typeof raw === "object" && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0);
    if (!empty) throw new AppError("INVALID_INPUT", "This endpoint takes no request body");
    return undefined;
  }
  if (raw === undefined) throw new AppError("INVALID_INPUT", "A JSON request body is required");
  return parseInput(ep.body, raw, "body");
}

/** NUL, unpaired surrogates and absurd nesting, refused for every input in one place (lib/http/unsafe-strings.ts). */
function assertSafeStrings(raw: unknown, where: "params" | "query" | "body") {
  const issues = findUnsafeStrings(raw, where);
  const first = issues[0];
  if (first) throw new AppError("INVALID_INPUT", `Invalid ${first.path}: ${first.message}`, issues);
}

function invalid(error: ZodError, where: "query" | "body") {
  const details = error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message, code: i.code }));
  const first = details[0];
  return new AppError("INVALID_INPUT", first ? `Invalid ${first.path}: ${first.message}` : `Invalid ${where}`, details);
}

/** Tests catch drift between what handlers return and what the OpenAPI document promises. */
function assertResponseShape(ep: Endpoint, result: unknown) {
  const wire: unknown = JSON.parse(JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)) ?? "null");
  const parsed = ep.response.safeParse(wire);
  if (!parsed.success) throw new Error(`Response of ${ep.id} does not match its schema: ${parsed.error.message}`);
}

const STORE_NAMES = { database: "The database", redis: "Redis", unknown: "A store Wharf depends on" } as const;

function toErrorResponse(error: unknown, requestId: string, log: Logger): Response {
  if (error instanceof AppError) {
    if (error.code === "INTERNAL" || error.code === "UNAVAILABLE") log.error({ err: error }, error.message);
    return appErrorResponse(error, requestId);
  }
  if (isUniqueViolation(error)) return errorResponse("CONFLICT", "That already exists", { requestId });
  const down = dependencyDown(error);
  if (down) {
    log.warn({ err: error, store: down.store }, "a store could not be reached");
    return errorResponse("UNAVAILABLE", `${STORE_NAMES[down.store]} cannot be reached right now; try again shortly`, { requestId });
  }
  log.error({ err: error }, "unhandled error in route");
  return errorResponse("INTERNAL", "Something went wrong on our side; quote the request id when reporting it", { requestId });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
