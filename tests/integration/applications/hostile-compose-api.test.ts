/**
 * Every malformed or hostile compose file of the shared table, sent through the API (preview and
 * create): a 422 in the error shape with located problems, and nothing stored or deployed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_CASES } from "@/tests/support/compose/hostile-cases";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { createTenant, type Tenant } from "../../support/integration/tenants";

let t: Tenant;
beforeAll(async () => {
  t = await createTenant("hostile");
});

async function counts() {
  const q = async (sql: string) => (await testDb().query(sql, [t.orgId])).rows[0].n as number;
  return {
    apps: await q(`select count(*)::int as n from "Application" where "orgId" = $1`),
    versions: await q(`select count(*)::int as n from "TemplateVersion" where "orgId" = $1`),
    deployments: await q(`select count(*)::int as n from "Deployment" where "orgId" = $1`),
    commands: await q(`select count(*)::int as n from "Command" where "orgId" = $1`),
  };
}

describe("hostile compose files through the API", () => {
  it("covers at least 40 cases", () => expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(40));

  for (const [name, text, message] of HOSTILE_CASES) {
    it(name, async () => {
      const before = await counts();
      for (const path of ["/api/v1/applications/preview", "/api/v1/applications"]) {
        const res = await call<{
          error: { code: string; message: string; details: Array<{ path: string; line?: number; message: string; severity: string }> };
        }>("POST", path, {
          cookie: t.people.OWNER.cookie,
          body: { name: "hostile", clusterId: t.cluster.id, compose: text },
        });
        expect(res.status, res.text.slice(0, 300)).toBe(422);
        expect(res.json.error.code).toBe("INVALID_INPUT");
        const errors = res.json.error.details.filter((d) => d.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
        expect(
          errors.some((d) => message.test(d.message)),
          JSON.stringify(errors).slice(0, 300),
        ).toBe(true);
        expect(errors.every((d) => d.path.startsWith("compose"))).toBe(true);
        if (text.includes("\n")) expect(errors.some((d) => typeof d.line === "number")).toBe(true);
      }
      expect(await counts()).toEqual(before);
    });
  }
});
