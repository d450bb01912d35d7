/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers parse with. */
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors";
import { errorSchema } from "@/lib/schemas/common";
import { API_PREFIX, type Endpoint } from "@/lib/schemas/endpoint";
import { ENDPOINTS } from "@/lib/schemas/index";

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;

function parameters(ep: Endpoint) {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ["path", ep.params],
    ["query", ep.query],
  ] as const) {
    if (!schema) continue;
    const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: prop });
    }
  }
  return out;
}

function security(ep: Endpoint) {
  if (ep.auth === "public") return [];
  if (ep.auth === "user" || ep.auth === "operator") return [{ session: [] }];
  return [{ bearer: [] }, { session: [] }];
}

function operation(ep: Endpoint) {
  const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  const errors = ep.auth === "public" ? [400, 413, 415, 422, 429] : [400, 401, 403, 404, 409, 413, 415, 422];
  return {
    operationId: ep.id,
    summary: ep.summary,
    tags: ep.tags,
    security: security(ep),
    ...(ep.permission ? { "x-wharf-permission": ep.permission } : {}),
    ...(ep.auth === "operator" ? { "x-wharf-operator-only": true } : {}),
    parameters: parameters(ep),
    ...(ep.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(ep.body, "input") } } } } : {}),
    responses: {
      [String(ep.status ?? 200)]: { description: "Success", content: { "application/json": { schema: toSchema(ep.response, "output") } } },
      ...Object.fromEntries(errors.map((s) => [String(s), errorResponse])),
    },
  };
}

export function buildOpenApi(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const ep of ENDPOINTS) {
    const path = `${API_PREFIX}${ep.path}`;
    paths[path] ??= {};
    paths[path][ep.method.toLowerCase()] = operation(ep);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Wharf API",
      version: "1",
      description: `Errors always have the shape {"error":{"code","message","details"}}. Codes: ${Object.keys(ERROR_STATUS).join(", ")}.`,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An organisation API token (wharf_pat_…)" },
        session: { type: "apiKey", in: "cookie", name: "wharf_session" },
      },
      schemas: { Error: toSchema(errorSchema, "output") },
    },
    paths,
  };
}
