/**
 * Issue 9, finding 5g (anyone who signs up could create clusters and connect agents without
 * limit) and finding 6 (registry-wide garbage collection could be started by any organisation's
 * admin): per-organisation quotas with a clear 403 QUOTA_EXCEEDED, set only by an installation
 * operator, and installation-wide actions for operators only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createCluster } from "@/lib/domain/clusters/create-cluster";
import { assertWithinQuota } from "@/lib/domain/quotas/assert-within-quota";
import { getQueue } from "@/lib/queue/enqueue";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { operatorSession } from "../../support/integration/operator";
import { SIMPLE_COMPOSE, signUp, uniqueEmail } from "../../support/integration/tenants";
import { ownerToken, pushSyntheticImage, requestToken, waitForPushRecorded } from "../../support/registry/registry-http";

type Operator = Awaited<ReturnType<typeof operatorSession>>;
type ErrorBody = { error: { code: string; message: string; details?: { quota: string; limit: number; used: number } } };

let operator: Operator;
beforeAll(async () => {
  operator = await operatorSession();
});
// The garbage collection queued here must not run in a later file's worker.
afterAll(async () => {
  await getQueue("registry").drain(true);
});

/** A fresh organisation: its owner's cookie, an admin's cookie and an owner API token. */
async function newOrg(label: string) {
  const owner = await signUp(uniqueEmail(`${label}-owner`), { organizationName: `Quota ${label}` });
  const orgId = owner.me.activeOrganizationId;
  const adminEmail = uniqueEmail(`${label}-admin`);
  const inv = await call<{ token: string }>("POST", "/api/v1/invitations", {
    cookie: owner.cookie,
    body: { email: adminEmail, role: "ADMIN" },
  });
  const admin = await signUp(adminEmail, { invitationToken: inv.json.token });
  const token = await call<{ token: string }>("POST", "/api/v1/tokens", {
    cookie: owner.cookie,
    body: { name: `${label}-owner`, role: "OWNER" },
  });
  const slug = owner.me.memberships.find((m) => m.organizationId === orgId)?.organizationSlug ?? "";
  return { orgId, slug, owner: owner.cookie, admin: admin.cookie, token: token.json.token, ownerUserId: owner.me.user.id };
}

const setQuotas = (orgId: string, body: Record<string, number | null>) =>
  call<{ quotas: Record<string, { used: number | null; limit: number; custom: boolean }> } & ErrorBody>(
    "PATCH",
    `/api/v1/installation/organizations/${orgId}/quotas`,
    { cookie: operator.cookie, body },
  );

describe("finding 5g: per-organisation quotas set by an installation operator", () => {
  it("GET /me tells operators from everyone else", async () => {
    const me = await call<{ user: { isOperator: boolean } }>("GET", "/api/v1/me", { cookie: operator.cookie });
    expect(me.json.user.isOperator).toBe(true);
    const org = await newOrg("me");
    const other = await call<{ user: { isOperator: boolean } }>("GET", "/api/v1/me", { cookie: org.owner });
    expect(other.json.user.isOperator).toBe(false);
  });

  it("a cluster past the quota is refused with 403 QUOTA_EXCEEDED naming the limit; the operator raises it; the change is audited in that organisation", async () => {
    const org = await newOrg("clusters");
    const set = await setQuotas(org.orgId, { clusters: 1 });
    expect(set.status, set.text).toBe(200);
    expect(set.json.quotas.clusters).toMatchObject({ used: 0, limit: 1, custom: true });
    expect((await call("POST", "/api/v1/clusters", { cookie: org.owner, body: { name: "first" } })).status).toBe(201);
    const refused = await call<ErrorBody>("POST", "/api/v1/clusters", { cookie: org.owner, body: { name: "second" } });
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json.error.code).toBe("QUOTA_EXCEEDED");
    expect(refused.json.error.message).toMatch(/quota of 1 cluster\b/);
    expect(refused.json.error.message).toMatch(/installation operator/);
    expect(refused.json.error.details).toEqual({ quota: "clusters", limit: 1, used: 1 });
    expect((await testDb().query(`select count(*)::int as n from "Cluster" where "orgId" = $1`, [org.orgId])).rows[0].n).toBe(1);

    // Organisation members cannot raise their own quota.
    const self = await call<ErrorBody>("PATCH", `/api/v1/installation/organizations/${org.orgId}/quotas`, {
      cookie: org.owner,
      body: { clusters: 100 },
    });
    expect(self.status).toBe(403);

    expect((await setQuotas(org.orgId, { clusters: 2 })).status).toBe(200);
    expect((await call("POST", "/api/v1/clusters", { cookie: org.owner, body: { name: "second" } })).status).toBe(201);

    const audit = await call<{
      items: Array<{
        action: string;
        actorLabel: string;
        details: { before: { clusters: number | null }; after: { clusters: number | null } };
      }>;
    }>("GET", "/api/v1/audit-logs?action=organization.quota-update", { cookie: org.owner });
    expect(audit.json.items.map((i) => i.details.after.clusters)).toEqual([2, 1]);
    expect(audit.json.items[0]?.actorLabel).toBe("operator@example.test");
  });

  it("simultaneous creations cannot both take the last free slot", async () => {
    const org = await newOrg("race");
    await setQuotas(org.orgId, { clusters: 2 });
    const actor = { type: "USER" as const, id: org.ownerUserId, label: "race", ip: null, userAgent: null };
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => createCluster({ orgId: org.orgId, actor, name: `race-${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code: string }).code).toBe("QUOTA_EXCEEDED");
    expect(await prisma.cluster.count({ where: { orgId: org.orgId } })).toBe(2);
  });

  it("applications past the quota are refused; nodes are checked by assertWithinQuota; null restores the default", async () => {
    const org = await newOrg("apps");
    const cluster = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie: org.owner, body: { name: "c" } });
    await setQuotas(org.orgId, { applications: 1, nodes: 0 });
    const create = (name: string) =>
      call<ErrorBody>("POST", "/api/v1/applications", {
        cookie: org.owner,
        body: { name, clusterId: cluster.json.id, compose: SIMPLE_COMPOSE },
      });
    expect((await create("one")).status).toBe(201);
    const refused = await create("two");
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "QUOTA_EXCEEDED", details: { quota: "applications", limit: 1, used: 1 } });
    await expect(assertWithinQuota({ orgId: org.orgId, kind: "nodes", db: prisma })).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });

    const reset = await setQuotas(org.orgId, { applications: null, nodes: null });
    expect(reset.json.quotas.applications).toMatchObject({ used: 1, limit: 500, custom: false });
    expect((await create("two")).status).toBe(201);
    await expect(assertWithinQuota({ orgId: org.orgId, kind: "nodes", db: prisma })).resolves.toBeUndefined();
  });

  it("an organisation over its registry storage quota gets tokens without push; pulls keep working", async () => {
    const org = await newOrg("storage");
    const repo = `${org.slug}/app`;
    const pushed = await pushSyntheticImage({ repository: repo, tag: "v1", token: await ownerToken(org.token, repo), layerBytes: 8192 });
    expect(pushed.status).toBe(201);
    await waitForPushRecorded(repo, "v1");

    await setQuotas(org.orgId, { registryBytes: 4096 });
    const over = await requestToken({ username: "token", password: org.token, scopes: [`repository:${repo}:pull,push`] });
    expect(over.status).toBe(200);
    expect(over.access).toEqual([{ type: "repository", name: repo, actions: ["pull"] }]);
    const refusedPush = await pushSyntheticImage({ repository: repo, tag: "v2", token: over.token ?? "" });
    expect(refusedPush.status).toBeGreaterThanOrEqual(400);

    const usage = await call<{ quotas: { registryBytes: { used: number; limit: number } } }>("GET", "/api/v1/organization/quotas", {
      cookie: org.admin,
    });
    expect(usage.status, usage.text).toBe(200);
    expect(usage.json.quotas.registryBytes.used).toBeGreaterThan(8192);
    expect(usage.json.quotas.registryBytes.limit).toBe(4096);

    await setQuotas(org.orgId, { registryBytes: null });
    const under = await requestToken({ username: "token", password: org.token, scopes: [`repository:${repo}:pull,push`] });
    expect(under.access[0]?.actions.sort()).toEqual(["pull", "push"]);
  });

  it("operators see every organisation with usage against quotas; members see only their own (admins and owners)", async () => {
    const org = await newOrg("list");
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: {
        status: number;
        json: { items: Array<{ id: string; owners: string[]; quotas: { clusters: { limit: number } } }>; nextCursor: string | null };
      } = await call("GET", `/api/v1/installation/organizations?limit=200${cursor ? `&cursor=${cursor}` : ""}`, {
        cookie: operator.cookie,
      });
      expect(res.status).toBe(200);
      seen.push(...res.json.items.map((i) => i.id));
      cursor = res.json.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toContain(org.orgId);
    expect((await call("GET", "/api/v1/organization/quotas", { cookie: org.admin })).status).toBe(200);
    const devEmail = uniqueEmail("list-developer");
    const inv = await call<{ token: string }>("POST", "/api/v1/invitations", {
      cookie: org.owner,
      body: { email: devEmail, role: "DEVELOPER" },
    });
    const dev = await signUp(devEmail, { invitationToken: inv.json.token });
    expect((await call("GET", "/api/v1/organization/quotas", { cookie: dev.cookie })).status).toBe(403);
    expect((await call("GET", "/api/v1/installation/organizations", { cookie: org.owner })).status).toBe(403);
  });
});

describe("finding 6: registry-wide garbage collection is for installation operators only", () => {
  it("an organisation's admin and owner get 403; an operator starts it", async () => {
    const org = await newOrg("gc");
    for (const cookie of [org.admin, org.owner]) {
      const refused = await call<ErrorBody>("POST", "/api/v1/registry/gc", { cookie });
      expect(refused.status, refused.text).toBe(403);
      expect(refused.json.error.message).toMatch(/installation operator/);
    }
    expect((await call("POST", "/api/v1/registry/gc", { token: org.token })).status).toBe(403);
    const started = await call<{ queued: boolean }>("POST", "/api/v1/registry/gc", { cookie: operator.cookie });
    expect(started.status, started.text).toBe(202);
    expect(started.json.queued).toBe(true);
  });
});
