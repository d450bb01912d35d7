/**
 * Installation-wide endpoints (auth "operator", declared in lib/schemas/*) answer only a signed-in
 * installation operator: every organisation role, API tokens (even an operator's own) and
 * anonymous callers are refused, and nothing changes. Covers every such endpoint automatically.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/schemas/index";
import { call, type Credentials } from "../../support/integration/client";
import { dbFingerprint } from "../../support/integration/db";
import { EXAMPLES, pathFor } from "../../support/integration/examples";
import { operatorSession } from "../../support/integration/operator";
import { createTenant, type Tenant } from "../../support/integration/tenants";

let t: Tenant;
let operator: { cookie: string; orgId: string };
let operatorToken: string;

beforeAll(async () => {
  t = await createTenant("oponly");
  operator = await operatorSession();
  const created = await call<{ token: string }>("POST", "/api/v1/tokens", {
    cookie: operator.cookie,
    body: { name: `op-${Date.now().toString(36)}`, role: "OWNER" },
  });
  expect(created.status, created.text).toBe(201);
  operatorToken = created.json.token;
});

const operatorEndpoints = ENDPOINTS.filter((e) => e.auth === "operator");

describe("operator-only endpoints", () => {
  it("exist (quotas, organisations, registry garbage collection)", () => {
    expect(operatorEndpoints.map((e) => e.id)).toEqual(
      expect.arrayContaining(["installation.organizations.updateQuotas", "registry.gc.request"]),
    );
  });

  for (const e of operatorEndpoints) {
    it(`${e.method} ${e.path} → 403 for organisation members and tokens, 401 anonymous`, async () => {
      const example = EXAMPLES[e.id]?.(t);
      if (!example) throw new Error(`no example for ${e.id}`);
      const before = await dbFingerprint();
      const refused: Array<[string, Credentials, number]> = [
        ["owner session", { cookie: t.people.OWNER.cookie }, 403],
        ["admin session", { cookie: t.people.ADMIN.cookie }, 403],
        ["viewer session", { cookie: t.people.VIEWER.cookie }, 403],
        ["owner token", { token: t.tokens.OWNER.secret }, 403],
        ["an operator's own API token", { token: operatorToken }, 403],
        ["nobody", {}, 401],
      ];
      for (const [who, creds, status] of refused) {
        const res = await call<{ error: { code: string; message: string } }>(e.method, pathFor(e.path, example), {
          ...creds,
          body: example.body,
        });
        expect(res.status, `${who}: ${res.text}`).toBe(status);
        if (status === 403) expect(res.json.error.message).toMatch(/operator/i);
      }
      expect(await dbFingerprint()).toEqual(before);
    });

    it(`${e.method} ${e.path} works for an operator's session`, async () => {
      const example = EXAMPLES[e.id]?.(t) ?? {};
      const res = await call(e.method, pathFor(e.path, example), { cookie: operator.cookie, body: example.body });
      expect(res.status, res.text).toBeLessThan(300);
    });
  }
});
