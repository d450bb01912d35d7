/**
 * Retention rules against the real registry: the dry-run preview lists exactly what a run then
 * deletes (and changes nothing itself), tags sharing a kept digest survive, and the worker's run
 * is recorded in the audit log and the repository's activity.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { startWorker, stopProcess, waitFor, type Proc } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { ownerToken, pushSyntheticImage, retag, waitForPushRecorded } from "../../support/registry/registry-http";

let t: Tenant;
let worker: Proc | undefined;
const repo = () => `${t.slug}/svc`;
type Preview = {
  source: string;
  repositories: Array<{ path: string; keep: Array<{ tag: string; reason: string }>; delete: Array<{ tag: string }> }>;
  deleteCount: number;
};

const tagNames = async (repositoryId: string) =>
  (
    await call<{ items: Array<{ name: string }> }>("GET", `/api/v1/registry/repositories/${repositoryId}/tags`, {
      cookie: t.people.OWNER.cookie,
    })
  ).json.items
    .map((x) => x.name)
    .sort();

beforeAll(async () => {
  t = await createTenant("retain");
  const token = await ownerToken(t.tokens.OWNER.secret, repo());
  // Oldest first: each push is recorded with its own time, which is the tag's age for retention.
  for (const tag of ["r1", "r2", "r3", "r4"]) {
    expect((await pushSyntheticImage({ repository: repo(), tag, token })).status).toBe(201);
    await waitForPushRecorded(repo(), tag);
  }
  // "stable" points at r1's manifest but was pushed last.
  expect(await retag({ repository: repo(), from: "r1", to: "stable", token })).toBe(201);
  await waitForPushRecorded(repo(), "stable");
  // The tenant's fixture rule (keep 5 in "app") does not match "svc"; remove it to keep the plan simple.
  await call("DELETE", `/api/v1/registry/retention-rules/${t.registry.ruleId}`, { cookie: t.people.OWNER.cookie });
});

afterAll(async () => {
  if (worker) await stopProcess(worker);
});

describe("retention rules", () => {
  let repositoryId = "";

  it("previews a draft rule without changing anything", async () => {
    repositoryId = (await prisma.repository.findUniqueOrThrow({ where: { path: repo() }, select: { id: true } })).id;
    const res = await call<Preview>("GET", "/api/v1/registry/retention-preview?repository=svc&keepLast=1", {
      cookie: t.people.VIEWER.cookie,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.source).toBe("draft");
    const plan = res.json.repositories.find((r) => r.path === repo());
    // newest: stable (r1's digest), r4, r3, r2, r1 — keep 1 keeps stable, and r1 with it (same digest)
    expect(plan?.delete.map((d) => d.tag).sort()).toEqual(["r2", "r3", "r4"]);
    expect(plan?.keep.find((k) => k.tag === "r1")?.reason).toBe("same digest as kept tag stable");
    expect(await tagNames(repositoryId)).toEqual(["r1", "r2", "r3", "r4", "stable"]);
  });

  it("saves a rule, previews the saved rules, and a run deletes exactly what was previewed", async () => {
    const rule = await call<{ id: string }>("POST", "/api/v1/registry/retention-rules", {
      cookie: t.people.ADMIN.cookie,
      body: { repository: "sv*", keepLast: 2 },
    });
    expect(rule.status, rule.text).toBe(201);
    const preview = await call<Preview>("GET", "/api/v1/registry/retention-preview", { cookie: t.people.ADMIN.cookie });
    expect(preview.json.source).toBe("rules");
    const planned = preview.json.repositories.flatMap((r) => r.delete.map((d) => d.tag)).sort();
    expect(planned).toEqual(["r2", "r3"]);

    worker = startWorker();
    const run = await call("POST", "/api/v1/registry/retention-runs", { cookie: t.people.ADMIN.cookie });
    expect(run.status, run.text).toBe(202);
    const ran = await waitFor("retention run", async () => {
      const r = await prisma.retentionRule.findUniqueOrThrow({
        where: { id: rule.json.id },
        select: { lastRunAt: true, lastResult: true },
      });
      return r.lastRunAt ? r : null;
    });
    expect(ran.lastResult).toEqual({ deleted: 2, kept: 3, errors: [] });
    expect(await tagNames(repositoryId)).toEqual(["r1", "r4", "stable"]);

    const audit = await testDb().query(
      `select "actorType", "actorLabel", details from "AuditLog" where "orgId" = $1 and action = 'registry.retention-delete' order by "createdAt"`,
      [t.orgId],
    );
    expect(
      audit.rows
        .map((r: { details: { tags: string[] } }) => r.details.tags)
        .flat()
        .sort(),
    ).toEqual(["r2", "r3"]);
    expect(audit.rows[0]).toMatchObject({ actorType: "SYSTEM", actorLabel: "retention" });
    const deletes = await prisma.registryEvent.findMany({ where: { repositoryId, action: "delete" }, select: { tag: true, actor: true } });
    expect(deletes.map((d) => d.tag).sort()).toEqual(["r2", "r3"]);

    const rules = await call<{ items: Array<{ id: string; lastResult: unknown }> }>("GET", "/api/v1/registry/retention-rules", {
      cookie: t.people.VIEWER.cookie,
    });
    expect(rules.json.items.find((r) => r.id === rule.json.id)?.lastResult).toEqual({ deleted: 2, kept: 3, errors: [] });
  });

  it("rejects a rule that keeps nothing", async () => {
    const bad = await call<{ error: { details: Array<{ path: string }> } }>("POST", "/api/v1/registry/retention-rules", {
      cookie: t.people.ADMIN.cookie,
      body: { repository: "*" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0]?.path).toBe("body.keepLast");
  });
});
