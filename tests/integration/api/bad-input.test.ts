/**
 * Bad input on every mutating route: malformed JSON, wrong types, missing fields, oversized bodies,
 * unknown fields and wrong content types each get a 4xx in the one error shape, and change nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { errorSchema } from "@/lib/schemas/common";
import type { Endpoint } from "@/lib/schemas/endpoint";
import { ENDPOINTS } from "@/lib/schemas/index";
import { call, type Credentials } from "../../support/integration/client";
import { dbFingerprint, testDb } from "../../support/integration/db";
import { EXAMPLES, pathFor } from "../../support/integration/examples";
import { operatorSession } from "../../support/integration/operator";
import { createTenant, type Tenant } from "../../support/integration/tenants";

const DEFAULT_LIMIT = Number(process.env.API_BODY_LIMIT_BYTES ?? 1024 * 1024);

type Case = { name: string; rawBody: string; contentType?: string; status: number; code: string };

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  if (typeof value === "number") return "not-a-number";
  if (typeof value === "boolean") return "yes";
  return "not-an-object";
}

function casesFor(e: Endpoint, example: Record<string, unknown> | undefined): Case[] {
  const limit = e.bodyLimit ?? DEFAULT_LIMIT;
  const base = example ?? {};
  const cases: Case[] = [
    { name: "malformed JSON", rawBody: '{"oops": ', status: 400, code: "INVALID_JSON" },
    { name: "JSON array", rawBody: "[1,2,3]", status: 422, code: "INVALID_INPUT" },
    { name: "JSON null", rawBody: "null", status: 422, code: "INVALID_INPUT" },
    { name: "JSON string", rawBody: '"hello"', status: 422, code: "INVALID_INPUT" },
    { name: "unknown field", rawBody: JSON.stringify({ ...base, unexpectedField: true }), status: 422, code: "INVALID_INPUT" },
    { name: "text/plain body", rawBody: JSON.stringify(base), contentType: "text/plain", status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
    { name: "oversized body", rawBody: JSON.stringify({ ...base, padding: "x".repeat(limit) }), status: 413, code: "PAYLOAD_TOO_LARGE" },
  ];
  if (e.body) {
    if (!e.body.safeParse({}).success) cases.push({ name: "missing fields", rawBody: "{}", status: 422, code: "INVALID_INPUT" });
    for (const [key, value] of Object.entries(base)) {
      cases.push({
        name: `wrong type for ${key}`,
        rawBody: JSON.stringify({ ...base, [key]: wrongTypeFor(value) }),
        status: 422,
        code: "INVALID_INPUT",
      });
    }
  }
  return cases;
}

let t: Tenant;
beforeAll(async () => {
  t = await createTenant("badinput");
});

let operator: Credentials;
beforeAll(async () => {
  operator = { cookie: (await operatorSession()).cookie };
});

const credsFor = (e: Endpoint, tenant: Tenant): Credentials =>
  e.auth === "public" ? {} : e.auth === "operator" ? operator : { cookie: tenant.people.OWNER.cookie };

describe("bad input changes nothing", () => {
  it("the database fingerprint sees an update that leaves every value as it was, and an insert (the control for the cases below)", async () => {
    const before = await dbFingerprint();
    await testDb().query(`update "Organization" set name = name where id = $1`, [t.orgId]);
    const afterUpdate = await dbFingerprint();
    expect(afterUpdate.Organization).not.toBe(before.Organization);
    expect({ ...afterUpdate, Organization: "" }).toEqual({ ...before, Organization: "" });
    await testDb().query(
      `insert into "AuditLog" (id, "orgId", "actorType", "actorLabel", action) values ($1, $2, 'SYSTEM', 'bad-input control', 'control.check')`,
      [`ctl${Date.now()}`, t.orgId],
    );
    expect((await dbFingerprint()).AuditLog).not.toBe(afterUpdate.AuditLog);
  });

  for (const e of ENDPOINTS.filter((x) => x.method !== "GET")) {
    it(`${e.method} ${e.path}`, async () => {
      const example = EXAMPLES[e.id]?.(t);
      if (!example) throw new Error(`no example for ${e.id}`);
      const cases = casesFor(e, example.body as Record<string, unknown> | undefined);
      expect(cases.length).toBeGreaterThanOrEqual(7);
      for (const c of cases) {
        const before = await dbFingerprint();
        const res = await call(e.method, pathFor(e.path, example), {
          ...credsFor(e, t),
          rawBody: c.rawBody,
          headers: { "content-type": c.contentType ?? "application/json" },
        });
        expect(res.status, `${c.name}: ${res.text.slice(0, 300)}`).toBe(c.status);
        const parsed = errorSchema.safeParse(res.json);
        expect(parsed.success, `${c.name}: error shape ${res.text.slice(0, 200)}`).toBe(true);
        expect(parsed.data?.error.code, c.name).toBe(c.code);
        expect(await dbFingerprint(), `${c.name} changed the database`).toEqual(before);
      }
    });
  }

  it("validation errors name the offending field", async () => {
    const res = await call<{ error: { details: Array<{ path: string }> } }>("POST", "/api/v1/tokens", {
      cookie: t.people.OWNER.cookie,
      body: { name: "x", role: "SUPERUSER" },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details.map((d) => d.path)).toContain("body.role");
  });
});
