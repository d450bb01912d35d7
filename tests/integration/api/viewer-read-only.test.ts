/** A viewer (person or token) gets 403 on every organisation mutation, and nothing changes. */
import { beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/schemas/index";
import { call } from "../../support/integration/client";
import { dbFingerprint } from "../../support/integration/db";
import { EXAMPLES, pathFor } from "../../support/integration/examples";
import { createTenant, type Tenant } from "../../support/integration/tenants";

let t: Tenant;
beforeAll(async () => {
  t = await createTenant("viewer");
});

const mutations = ENDPOINTS.filter((e) => e.auth === "org" && e.method !== "GET");

describe("viewers are read-only", () => {
  it("there are organisation mutations to check", () => expect(mutations.length).toBeGreaterThan(5));

  for (const e of mutations) {
    it(`${e.method} ${e.path} → 403 for a viewer`, async () => {
      const example = EXAMPLES[e.id]?.(t);
      if (!example) throw new Error(`no example for ${e.id}`);
      const before = await dbFingerprint();
      for (const creds of [{ cookie: t.people.VIEWER.cookie }, { token: t.tokens.VIEWER.secret }]) {
        const res = await call<{ error: { code: string } }>(e.method, pathFor(e.path, example), { ...creds, body: example.body });
        expect(res.status, res.text).toBe(403);
        expect(res.json.error.code).toBe("FORBIDDEN");
      }
      expect(await dbFingerprint()).toEqual(before);
    });
  }

  it("viewers can still read", async () => {
    const res = await call("GET", "/api/v1/members", { token: t.tokens.VIEWER.secret });
    expect(res.status).toBe(200);
  });
});
