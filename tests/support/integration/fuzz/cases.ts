/**
 * Bad requests for one operation of the OpenAPI document: bad credentials, hostile path segments,
 * undeclared methods, hostile query values, malformed bodies and content types, bad field values
 * from each field's JSON Schema, and another organisation's ids. Deterministic for a given seed.
 */
import type { Example } from "../examples";
import { badValuesFor, HOSTILE_STRINGS, randomToken, shuffle, type JsonSchema } from "./schema-values";

export type Param = { name: string; required: boolean; schema: JsonSchema };

export type Operation = {
  id: string;
  method: string;
  template: string;
  params: Param[];
  query: Param[];
  body?: JsonSchema;
  /** public: no credentials; session: cookie only; org: cookie or API token. */
  auth: "public" | "session" | "org";
  /** Installation operators see every organisation by design (x-wharf-operator-only). */
  operatorOnly: boolean;
};

/** Who the runner signs the request as: the tenant's owner session (or token), or exactly these headers. */
export type Signer = "owner-session" | "owner-token" | "as-is";

export type FuzzCase = {
  opId: string;
  kind: "auth" | "path" | "method" | "query" | "content" | "fields" | "foreign";
  label: string;
  method: string;
  /** Path and query, sent exactly as written (malformed escapes included). */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signer: Signer;
  /** Statuses this case must get (beyond "no 5xx, error shape"); undefined: any 4xx or success. */
  expect?: number[];
};

type OpenApiDoc = {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        "x-wharf-operator-only"?: boolean;
        security: Array<Record<string, unknown>>;
        parameters?: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
};

/** Every operation the served OpenAPI document declares. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: Boolean(p.required), schema: p.schema }));
      const security = op.security.flatMap((s) => Object.keys(s));
      return {
        id: op.operationId,
        method: method.toUpperCase(),
        template,
        params: params.filter((p) => p.in === "path"),
        query: params.filter((p) => p.in === "query"),
        body: op.requestBody?.content["application/json"]?.schema,
        auth: security.length === 0 ? "public" : security.includes("bearer") ? "org" : "session",
        operatorOnly: op["x-wharf-operator-only"] === true,
      } satisfies Operation;
    }),
  );
}

export function targetOf(template: string, params: Record<string, string>, query: Array<[string, string]> = [], encode = true): string {
  const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name] ?? "zzzzzzzzzzzz";
    return encode ? encodeURIComponent(value) : value;
  });
  return query.length ? `${path}?${query.map(([k, v]) => `${k}=${v}`).join("&")}` : path;
}

const JSON_TYPE = { "content-type": "application/json" };
const PATH_ATTACKS = ["%E0%A4%A", "%zz", "%", "a%00b", "%ED%A0%80", "%C0%80", "%F0%9F%9A%A2", "%2F", "%2e%2e", "x".repeat(10_000)];
const QUERY_ATTACKS = ["%00", "a%00b", "%E0%A4%A", "%ED%A0%80", "abc", "-1", "1e309", "99999999999999999999999", "x".repeat(100 * 1024)];
const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

export type CaseContext = {
  /** A valid request of tenant A (the caller's own organisation), and the same for tenant B. */
  own: Example;
  foreign: Example;
  /** API tokens of tenant A that must not work. */
  badTokens: { expired: string; revoked: string };
  /** Methods declared for this op's path (the first op of a path also gets the method cases). */
  pathMethods: string[] | null;
  random: () => number;
};

function authCases(op: Operation, ctx: CaseContext, base: Omit<FuzzCase, "kind" | "label" | "signer">): FuzzCase[] {
  const refused = op.auth === "public" ? undefined : [401, 403];
  const cookies: Array<[string, string]> = [
    ["malformed %-escape in the session cookie", "wharf_session=%E0%A4%A"],
    ["a lone % in the session cookie", "wharf_session=%"],
    ["empty session cookie", "wharf_session="],
    ["unknown session cookie", `wharf_session=${randomToken(ctx.random, 43)}`],
    ["cookie header junk", "=;;; wharf_session; x=%zz; wharf_session=%%"],
    ["8 KB session cookie", `wharf_session=${"a".repeat(8192)}`],
  ];
  const bearers: Array<[string, string]> = [
    ["Bearer without a token", "Bearer"],
    ["unknown API token", `Bearer wharf_pat_${randomToken(ctx.random, 40)}`],
    ["10 KB bearer token", `Bearer ${"t".repeat(10_240)}`],
    ["Basic credentials", "Basic Zm9vOmJhcg=="],
    ["expired API token", `Bearer ${ctx.badTokens.expired}`],
    ["revoked API token", `Bearer ${ctx.badTokens.revoked}`],
    ["token with trailing garbage", `Bearer ${ctx.badTokens.expired} extra`],
  ];
  const origin = { origin: "http://127.0.0.1:3000" };
  return [
    { ...base, kind: "auth", label: "no credentials", headers: { ...base.headers }, signer: "as-is", expect: refused },
    ...cookies.map(([label, cookie]): FuzzCase => ({
      ...base,
      kind: "auth",
      label,
      headers: { ...base.headers, ...origin, cookie },
      signer: "as-is",
      expect: refused,
    })),
    ...bearers.map(([label, authorization]): FuzzCase => ({
      ...base,
      kind: "auth",
      label,
      headers: { ...base.headers, authorization },
      signer: "as-is",
      expect: refused,
    })),
  ];
}

function pathCases(
  op: Operation,
  ctx: CaseContext,
  base: Omit<FuzzCase, "kind" | "label" | "target">,
  query: Array<[string, string]>,
): FuzzCase[] {
  const out: FuzzCase[] = [];
  const own = ctx.own.params ?? {};
  for (const p of op.params.slice(0, 2)) {
    for (const attack of PATH_ATTACKS) {
      const raw = Object.fromEntries(Object.entries(own).map(([k, v]) => [k, encodeURIComponent(v)]));
      const malformed = /%(?![0-9a-f]{2})|%E0%A4%A|%ED|%C0/i.test(attack);
      out.push({
        ...base,
        kind: "path",
        label: `${p.name} = ${attack.slice(0, 20)}`,
        target: targetOf(op.template, { ...raw, [p.name]: attack }, query, false),
        expect: malformed ? [400] : undefined,
      });
    }
  }
  return out;
}

function methodCases(op: Operation, ctx: CaseContext, base: Omit<FuzzCase, "kind" | "label" | "method">): FuzzCase[] {
  if (!ctx.pathMethods) return [];
  const undeclared = ["TRACE", "PROPFIND", ...ALL_METHODS.filter((m) => !ctx.pathMethods?.includes(m))];
  return undeclared.map((method) => ({ ...base, kind: "method", label: method, method, expect: [405] }));
}

function queryCases(
  op: Operation,
  base: Omit<FuzzCase, "kind" | "label" | "target">,
  params: Record<string, string>,
  query: Array<[string, string]>,
): FuzzCase[] {
  const out: FuzzCase[] = [
    { ...base, kind: "query", label: "unknown query parameter", target: targetOf(op.template, params, [...query, ["zzz", "1"]]) },
  ];
  for (const q of op.query) {
    const others = query.filter(([k]) => k !== q.name);
    for (const attack of QUERY_ATTACKS)
      out.push({
        ...base,
        kind: "query",
        label: `${q.name} = ${attack.slice(0, 20)}`,
        target: targetOf(op.template, params, [...others, [q.name, attack]]),
      });
    out.push({
      ...base,
      kind: "query",
      label: `${q.name} twice`,
      target: targetOf(op.template, params, [...others, [q.name, "1"], [q.name, "2"]]),
    });
  }
  return out;
}

function contentCases(
  op: Operation,
  ctx: CaseContext,
  base: Omit<FuzzCase, "kind" | "label" | "body" | "headers">,
  headers: Record<string, string>,
): FuzzCase[] {
  const valid = JSON.stringify(ctx.own.body ?? {});
  const invalidUtf8 = Buffer.concat([
    Buffer.from(valid.replace(/"([^"]*)"\s*}$/, '"$1')),
    Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
    Buffer.from('"}'),
  ]);
  const c = (label: string, body: string | Buffer, contentType: string | null, expect?: number[]): FuzzCase => {
    const h = { ...headers };
    if (contentType) h["content-type"] = contentType;
    return { ...base, kind: "content", label, body, headers: h, expect };
  };
  const cases = [
    c("malformed JSON", '{"oops": ', JSON_TYPE["content-type"], [400]),
    c("invalid UTF-8 in a JSON string", invalidUtf8, JSON_TYPE["content-type"], [400]),
    c(
      "overlong UTF-8 NUL",
      Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]),
      JSON_TYPE["content-type"],
      [400],
    ),
    c("JSON nested 10 000 deep", `${"[".repeat(10_000)}${"]".repeat(10_000)}`, JSON_TYPE["content-type"]),
    c("text/plain", valid, "text/plain", op.body ? [415] : undefined),
    c("form-urlencoded", "a=1&b=%00", "application/x-www-form-urlencoded", op.body ? [415] : undefined),
    c("no content type", valid, null),
    c("multipart garbage", '--zz\r\nContent-Disposition: form-data; name="x"\r\n\r\n\u0000\r\n--zz--', "multipart/form-data; boundary=zz"),
  ];
  if (!op.body) return [...cases, c("a body where none is taken", '{"unexpected":1}', JSON_TYPE["content-type"])];
  return [
    ...cases,
    c("JSON array", "[1,2]", JSON_TYPE["content-type"], [422]),
    c("JSON null", "null", JSON_TYPE["content-type"], [422]),
    c("empty body", "", JSON_TYPE["content-type"], [422]),
  ];
}

function fieldCases(op: Operation, ctx: CaseContext, base: Omit<FuzzCase, "kind" | "label" | "body">): FuzzCase[] {
  const schema = op.body;
  if (!schema?.properties) return [];
  const own = (ctx.own.body ?? {}) as Record<string, unknown>;
  const send = (label: string, body: unknown, expect?: number[]): FuzzCase => ({
    ...base,
    kind: "fields",
    label,
    body: JSON.stringify(body),
    expect,
  });
  const out: FuzzCase[] = [send("unknown field", { ...own, unexpectedField: true }, [422]), send("empty object", {})];
  for (const name of schema.required ?? []) {
    const { [name]: _dropped, ...rest } = own;
    out.push(send(`missing required ${name}`, rest, [422]));
  }
  for (const [name, prop] of Object.entries(schema.properties)) {
    for (const bad of badValuesFor(prop)) out.push(send(`${name}: ${bad.label}`, { ...own, [name]: bad.value }));
    for (const [inner, innerSchema] of Object.entries(prop.properties ?? {})) {
      const parent = (own[name] ?? {}) as Record<string, unknown>;
      for (const bad of badValuesFor(innerSchema).slice(0, 8))
        out.push(send(`${name}.${inner}: ${bad.label}`, { ...own, [name]: { ...parent, [inner]: bad.value } }));
    }
  }
  return out;
}

function foreignCases(
  op: Operation,
  ctx: CaseContext,
  base: Omit<FuzzCase, "kind" | "label" | "target" | "body">,
  query: Array<[string, string]>,
): FuzzCase[] {
  const out: FuzzCase[] = [];
  const ownBody = ctx.own.body === undefined ? undefined : JSON.stringify(ctx.own.body);
  if (op.params.length)
    out.push({
      ...base,
      kind: "foreign",
      label: "another organisation's ids in the path",
      target: targetOf(op.template, ctx.foreign.params ?? {}, query),
      body: ownBody,
    });
  const own = (ctx.own.body ?? {}) as Record<string, unknown>;
  const foreign = (ctx.foreign.body ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(foreign)) {
    if (typeof value === "string" && /id$|token$/i.test(key) && value !== own[key]) {
      out.push({
        ...base,
        kind: "foreign",
        label: `another organisation's ${key} in the body`,
        target: targetOf(op.template, ctx.own.params ?? {}, query),
        body: JSON.stringify({ ...own, [key]: value }),
      });
    }
  }
  return out;
}

/** All bad requests for one operation, at most `cap` of them (the field cases are sampled). */
export function casesFor(op: Operation, ctx: CaseContext, cap: number): FuzzCase[] {
  const params = ctx.own.params ?? {};
  const query = Object.entries(ctx.own.query ?? {});
  const target = targetOf(op.template, params, query);
  const signer: Signer = op.auth === "public" ? "as-is" : "owner-session";
  const headers = op.body || op.method !== "GET" ? { ...JSON_TYPE } : {};
  const ownBody = ctx.own.body === undefined ? undefined : JSON.stringify(ctx.own.body);
  const base = { opId: op.id, method: op.method, target, headers, signer, body: ownBody };
  const fixed: FuzzCase[] = [
    ...authCases(op, ctx, base),
    ...pathCases(op, ctx, base, query),
    ...methodCases(op, ctx, { ...base, body: undefined }),
    ...queryCases(op, base, params, query),
    ...(op.method === "GET" ? [] : contentCases(op, ctx, base, headers)),
    ...foreignCases(op, ctx, base, query),
    ...(op.auth === "org"
      ? [
          {
            ...base,
            kind: "query" as const,
            label: "API token with a hostile query",
            signer: "owner-token" as const,
            target: targetOf(op.template, params, [...query, ["x", "%00"]]),
          },
        ]
      : []),
  ];
  const fields = shuffle(fieldCases(op, ctx, base), ctx.random).slice(0, Math.max(0, cap - fixed.length));
  // Whether the caller is an installation operator depends on who signed up first: a 403 comes
  // before any input is read.
  const all = [...fixed, ...fields];
  return op.operatorOnly
    ? all.map((c) => (c.expect && c.kind !== "method" && c.kind !== "path" ? { ...c, expect: [...c.expect, 403] } : c))
    : all;
}

/** Hostile strings, for callers that need them outside a schema (focused tests). */
export { HOSTILE_STRINGS };
