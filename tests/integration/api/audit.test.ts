/** Every mutation is recorded in the audit log with who, what, when and from where. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getQueue } from "@/lib/queue/enqueue";
import { ENDPOINTS } from "@/lib/schemas/index";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { EXAMPLES, pathFor } from "../../support/integration/examples";
import { operatorSession } from "../../support/integration/operator";
import { createTenant, signUp, uniqueEmail, type Tenant } from "../../support/integration/tenants";
import { ownerToken, pushSyntheticImage, waitForPushRecorded } from "../../support/registry/registry-http";

/** Mutations that change no organisation's data, and why they are not audited. */
const NOT_AUDITED: Record<string, string> = {
  "auth.signIn": "starts a personal session; changes no organisation",
  "auth.signOut": "ends a personal session",
  "me.switchOrganization": "a console preference of the session",
  "applications.preview": "a dry run: validates and changes nothing",
  "applications.previewVersion": "a dry run: validates and changes nothing",
  "auth.verifyEmail": "confirms a person's own e-mail address; changes no organisation",
  "auth.resendVerification": "mails a person a new confirmation link; changes no organisation",
  // Audited as release.create / release.weight / release.promote / release.rollback; they need a
  // running cluster behind a load balancer, so tests/integration/releases checks those rows.
  "releases.create": "audited; checked by tests/integration/releases on a real cluster",
  "releases.weight": "audited; checked by tests/integration/releases on a real cluster",
  "releases.promote": "audited; checked by tests/integration/releases on a real cluster",
  "releases.rollback": "audited; checked by tests/integration/releases on a real cluster",
  // Audited as job.run / job.suspend / job.resume; they need a deployed job-mode service, so
  // tests/integration/service-jobs checks those rows on a real cluster.
  "jobs.runNow": "audited; checked by tests/integration/service-jobs on a real cluster",
  "jobs.setSchedule": "audited; checked by tests/integration/service-jobs on a real cluster",
  "adoption.preview": "a dry run: writes the template and changes nothing",
  // Audited as application.create (it creates the application); it needs services running on a
  // real cluster, so tests/integration/applications/adoption checks that row.
  "adoption.adopt": "audited as application.create; checked by tests/integration/applications/adoption on a real cluster",
};

const EXPECTED_ACTION: Record<string, string> = {
  "auth.signUp": "organization.create",
  "organizations.create": "organization.create",
  "organization.update": "organization.update",
  "installation.organizations.updateQuotas": "organization.quota-update",
  "members.update": "member.update-role",
  "members.remove": "member.remove",
  "invitations.create": "invitation.create",
  "invitations.revoke": "invitation.revoke",
  "invitations.accept": "member.join",
  "tokens.create": "token.create",
  "tokens.revoke": "token.revoke",
  "clusters.create": "cluster.create",
  "clusters.update": "cluster.update",
  "clusters.updateWorkloadPolicy": "cluster.policy.update",
  "clusters.delete": "cluster.delete",
  "joinTokens.create": "join-token.create",
  "joinTokens.rotate": "join-token.rotate",
  "joinTokens.revoke": "join-token.revoke",
  "nodes.update": "node.update",
  "nodes.revokeCredential": "node.revoke-credential",
  "nodes.allowRejoin": "node.allow-rejoin",
  "nodes.remove": "node.remove",
  // before applications.createVersion: its template has no autoscaling labels, so the rule goes
  "autoscaling.update": "autoscaling.update",
  "applications.create": "application.create",
  "applications.createVersion": "application.update",
  "applications.rollback": "application.rollback",
  "applications.action": "application.restart",
  "applications.scale": "application.scale",
  "applications.updateService": "application.service-settings",
  "applications.delete": "application.delete",
  // in this order: the fixture template is deleted by the example
  "templates.create": "template.create",
  "templates.delete": "template.delete",
  "registry.tags.delete": "registry.tag-delete",
  "registry.gc.request": "registry.gc-request",
  "registry.retention.create": "retention-rule.create",
  "registry.retention.update": "retention-rule.update",
  "registry.retention.run": "retention.run-request",
  "registry.retention.delete": "retention-rule.delete",
  "registry.webhooks.create": "webhook.create",
  "registry.webhooks.update": "webhook.update",
  "registry.webhooks.delete": "webhook.delete",
  "registry.external.create": "external-registry.create",
  "registry.external.update": "external-registry.update",
  "registry.external.test": "external-registry.test",
  "registry.external.delete": "external-registry.delete",
  // in this order: the tenant's balancer is tested before the example deletes it
  "loadBalancers.create": "load-balancer.create",
  "loadBalancers.update": "load-balancer.update",
  "loadBalancers.testConnection": "load-balancer.test",
  "loadBalancers.delete": "load-balancer.delete",
  "certificates.upload": "certificate.upload",
  "certificates.delete": "certificate.delete",
  // in this order: the fixture rule and channel are used before the examples delete them
  "alerts.rules.create": "alert-rule.create",
  "alerts.rules.update": "alert-rule.update",
  "alerts.silences.create": "alert-silence.create",
  "alerts.silences.expire": "alert-silence.expire",
  "alerts.rules.delete": "alert-rule.delete",
  "channels.create": "notification-channel.create",
  "channels.update": "notification-channel.update",
  "channels.test": "notification-channel.test",
  "channels.delete": "notification-channel.delete",
  // in this order: the fixture sink is tested and updated before the example deletes it
  "logSinks.create": "log-sink.create",
  "logSinks.test": "log-sink.test",
  "logSinks.update": "log-sink.update",
  "logSinks.delete": "log-sink.delete",
};

let t: Tenant;
beforeAll(async () => {
  t = await createTenant("audit");
});
// Jobs queued by the registry examples (garbage collection, retention) must not run in a later file's worker.
afterAll(async () => {
  await getQueue("registry").drain(true);
});

async function latest(action: string) {
  const res = await testDb().query(
    `select "orgId", "actorType", "actorLabel", action, ip, "userAgent" from "AuditLog" where action = $1 order by "createdAt" desc limit 1`,
    [action],
  );
  return res.rows[0] as { orgId: string; actorType: string; actorLabel: string; ip: string; userAgent: string } | undefined;
}

describe("audit log", () => {
  it("every mutating endpoint is audited or has a stated reason", () => {
    for (const e of ENDPOINTS.filter((x) => x.method !== "GET")) {
      expect(EXPECTED_ACTION[e.id] ?? NOT_AUDITED[e.id], `audit expectation for ${e.id}`).toBeDefined();
    }
  });

  for (const [id, action] of Object.entries(EXPECTED_ACTION)) {
    it(`${id} records ${action}`, async () => {
      const e = ENDPOINTS.find((x) => x.id === id);
      if (!e) throw new Error(`unknown endpoint ${id}`);
      let cookie: string | undefined =
        e.auth === "public" ? undefined : e.auth === "operator" ? (await operatorSession()).cookie : t.people.OWNER.cookie;
      let example = EXAMPLES[id]?.(t) ?? {};
      if (id === "organizations.create") {
        // Creating an organisation makes it the session's active one: use someone else's session.
        cookie = (await signUp(uniqueEmail("creator"))).cookie;
      }
      if (id === "clusters.delete") {
        // Only an empty cluster can be deleted.
        const empty = await call<{ id: string }>("POST", "/api/v1/clusters", {
          cookie: t.people.OWNER.cookie,
          body: { name: `empty-${Date.now().toString(36)}` },
        });
        example = { params: { clusterId: empty.json.id } };
      }
      if (id === "joinTokens.revoke") {
        const fresh = await call<{ id: string }>("POST", `/api/v1/clusters/${t.cluster.id}/join-tokens`, {
          cookie: t.people.OWNER.cookie,
          body: { role: "WORKER" },
        });
        example = { params: { clusterId: t.cluster.id, joinTokenId: fresh.json.id } };
      }
      if (id === "invitations.accept") {
        // Accepting needs the invited person signed in.
        const email = uniqueEmail("accepter");
        const inv = await call<{ token: string }>("POST", "/api/v1/invitations", {
          cookie: t.people.OWNER.cookie,
          body: { email, role: "VIEWER" },
        });
        const other = await signUp(email, { organizationName: "Accepter's own" });
        cookie = other.cookie;
        example = { body: { token: inv.json.token } };
      }
      if (id === "registry.tags.delete") {
        // Deleting a tag needs the tag in the real registry: push a small image first.
        const repo = t.registry.repositoryPath;
        const pushed = await pushSyntheticImage({ repository: repo, tag: "v1", token: await ownerToken(t.tokens.OWNER.secret, repo) });
        expect(pushed.status).toBe(201);
        await waitForPushRecorded(repo, "v1");
      }
      const before = (await testDb().query('select count(*)::int as n from "AuditLog" where action = $1', [action])).rows[0].n as number;
      const res = await call(e.method, pathFor(e.path, example), { cookie, body: example.body });
      expect(res.status, res.text).toBeLessThan(300);
      const after = (await testDb().query('select count(*)::int as n from "AuditLog" where action = $1', [action])).rows[0].n as number;
      expect(after).toBe(before + 1);
      const entry = await latest(action);
      expect(entry?.ip).toBe("203.0.113.7");
      expect(entry?.userAgent).toBe("wharf-integration-test");
      expect(entry?.actorType).toBe("USER");
      expect(entry?.actorLabel).toMatch(/@example\.test$/);
    });
  }

  it("is readable by admins, not by developers, and records token actors", async () => {
    await call("POST", "/api/v1/tokens", { token: t.tokens.ADMIN.secret, body: { name: "by-token", role: "VIEWER" } });
    const log = await call<{ items: Array<{ action: string; actorType: string; actorLabel: string }> }>(
      "GET",
      "/api/v1/audit-logs?action=token.create",
      { cookie: t.people.ADMIN.cookie },
    );
    expect(log.status).toBe(200);
    expect(log.json.items[0]).toMatchObject({ action: "token.create", actorType: "API_TOKEN", actorLabel: "token:audit-ADMIN" });
    expect((await call("GET", "/api/v1/audit-logs", { cookie: t.people.DEVELOPER.cookie })).status).toBe(403);
  });

  it("never stores secrets", async () => {
    const created = await call<{ token: string }>("POST", "/api/v1/tokens", {
      cookie: t.people.OWNER.cookie,
      body: { name: "secret-check", role: "VIEWER" },
    });
    const inv = await call<{ token: string }>("POST", "/api/v1/invitations", {
      cookie: t.people.OWNER.cookie,
      body: { email: uniqueEmail("s"), role: "VIEWER" },
    });
    const all = await testDb().query(`select details::text as d from "AuditLog" where "orgId" = $1`, [t.orgId]);
    const text = all.rows.map((r: { d: string }) => r.d).join("\n");
    expect(text).not.toContain(created.json.token);
    expect(text).not.toContain(inv.json.token);
  });
});
