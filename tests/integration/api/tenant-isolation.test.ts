/**
 * Tenant isolation over every endpoint that exists: a person or token of organisation A gets 404 for
 * every resource of organisation B (never 403, never data), and no list shows B's ids.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/schemas/index";
import { call, type Credentials } from "../../support/integration/client";
import { EXAMPLES, pathFor } from "../../support/integration/examples";
import { createTenant, tenantSecrets, type Tenant } from "../../support/integration/tenants";

let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  a = await createTenant("iso-a");
  b = await createTenant("iso-b");
});

/**
 * Installation operators' endpoints cross organisations by design; operator-only.test.ts proves
 * that nobody else reaches them.
 */
const tenantScoped = ENDPOINTS.filter((e) => e.auth !== "operator");
/** Endpoints that name a resource: by path parameter, or an organisation id in the body. */
const resourceEndpoints = tenantScoped.filter((e) => e.params || e.id === "me.switchOrganization");
/** Endpoints that return org-scoped data without naming a resource. */
const readEndpoints = tenantScoped.filter((e) => e.method === "GET" && !e.params && e.auth !== "public");

const callers = (t: Tenant): Array<[string, Credentials]> => [
  ["owner session", { cookie: t.people.OWNER.cookie }],
  ["admin session", { cookie: t.people.ADMIN.cookie }],
  ["owner token", { token: t.tokens.OWNER.secret }],
];

describe("organisation A cannot reach organisation B", () => {
  it("covers every endpoint with a resource parameter", () => {
    expect(resourceEndpoints.length).toBeGreaterThan(3);
    for (const e of ENDPOINTS) expect(EXAMPLES[e.id], `example for ${e.id}`).toBeDefined();
  });

  for (const e of resourceEndpoints) {
    it(`${e.method} ${e.path} with B's ids → 404 for A`, async () => {
      const example = EXAMPLES[e.id]?.(b);
      if (!example) throw new Error(`no example for ${e.id}`);
      for (const [who, creds] of callers(a)) {
        if (e.auth === "user" && creds.token) continue; // user endpoints refuse tokens outright
        const res = await call<{ error: { code: string } }>(e.method, pathFor(e.path, example), { ...creds, body: example.body });
        expect(res.status, `${who}: ${res.text}`).toBe(404);
        expect(res.json.error.code).toBe("NOT_FOUND");
        for (const secret of tenantSecrets(b)) expect(res.text).not.toContain(secret);
      }
    });
  }

  for (const e of readEndpoints) {
    it(`${e.method} ${e.path} shows none of B's data to A`, async () => {
      const example = EXAMPLES[e.id]?.(a) ?? {};
      for (const [who, creds] of callers(a)) {
        if (e.auth === "user" && creds.token) continue;
        const res = await call(e.method, pathFor(e.path, example), creds);
        expect(res.status, `${who}: ${res.text}`).toBe(200);
        for (const secret of tenantSecrets(b)) expect(res.text, `${who} sees ${secret}`).not.toContain(secret);
      }
    });
  }

  it("B's resources are untouched after all of A's attempts", async () => {
    const members = await call<{ items: unknown[] }>("GET", "/api/v1/members", { token: b.tokens.OWNER.secret });
    expect(members.json.items).toHaveLength(4);
    const tokens = await call<{ items: Array<{ revokedAt: string | null }> }>("GET", "/api/v1/tokens", { token: b.tokens.OWNER.secret });
    expect(tokens.json.items.every((t) => t.revokedAt === null)).toBe(true);
  });
});
