/**
 * A tenant for contract tests: an organisation with one person per role, one API token per role and
 * a pending invitation, all created through the public API.
 */
import { expect } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { joinNode } from "@/lib/domain/agents/join-node";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import { testInventory } from "../test-inventory";
import { call, sessionFrom } from "./client";
import { createRegistryFixtures, registrySecrets, type RegistryFixtures } from "../registry/fixtures";
import { testCertificate } from "./certificates";
import { testDb } from "./db";

export type Person = { email: string; userId: string; memberId: string; cookie: string };

export type Tenant = {
  label: string;
  orgId: string;
  slug: string;
  people: Record<Role, Person>;
  tokens: Record<Role, { id: string; secret: string }>;
  pendingInvitation: { id: string; token: string; email: string };
  cluster: { id: string; name: string };
  /** A join token (id and secret) of the cluster. */
  joinToken: { id: string; secret: string };
  /** A node registered in the cluster through the join exchange (no agent connected). */
  node: { id: string; credential: string };
  /** An application (version 1, one service) whose first deployment is queued. */
  app: { id: string; serviceId: string; versionId: string };
  /** Registry data: a repository row, a retention rule, a webhook, external registry credentials. */
  registry: RegistryFixtures;
  /** Traffic layer: an HAProxy load balancer and a TLS certificate in the cluster. */
  traffic: { loadBalancerId: string; certificateId: string };
  /** A finished release of the application, written directly (releases need a running cluster; tests/integration/releases run real ones). */
  release: { id: string };
  /** An autoscaling rule of the application's service, written directly (as a deploy with aliyun.auto_scaling.max_cpu: 70 would). */
  autoscaling: { ruleId: string };
  /** Alerts: a disabled webhook channel (its signing secret), an event rule notifying it, a silence on the rule. */
  alerts: { channelId: string; channelSecret: string; ruleId: string; silenceId: string };
  /** An organisation template saved through the API. */
  template: { id: string };
  /** Logs: a line stored from the node (its text carries `marker`), a disabled sink with a password. */
  logs: { lineId: string; marker: string; sinkId: string; sinkPassword: string };
};

/** A minimal valid template for contract tests. */
export const SIMPLE_COMPOSE = `services:
  web:
    image: wharf-test/busybox:1
    deploy:
      replicas: 2
`;

let counter = 0;
export const uniqueEmail = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}@example.test`;
export const PASSWORD = "integration-password-1";

type MeBody = {
  user: { id: string };
  activeOrganizationId: string;
  memberships: Array<{ organizationId: string; organizationSlug: string }>;
};

export async function signUp(email: string, extra: Record<string, unknown> = {}) {
  const res = await call<MeBody>("POST", "/api/v1/auth/sign-up", {
    body: { email, name: email.split("@")[0], password: PASSWORD, ...extra },
  });
  expect(res.status, res.text).toBe(201);
  return { cookie: sessionFrom(res), me: res.json };
}

export async function createTenant(label: string): Promise<Tenant> {
  const ownerEmail = uniqueEmail(`${label}-owner`);
  const owner = await signUp(ownerEmail, { organizationName: `Org ${label}` });
  const orgId = owner.me.activeOrganizationId;
  const people: Partial<Record<Role, Omit<Person, "memberId">>> = {
    OWNER: { email: ownerEmail, userId: owner.me.user.id, cookie: owner.cookie },
  };
  for (const role of ["ADMIN", "DEVELOPER", "VIEWER"] as const) {
    const email = uniqueEmail(`${label}-${role.toLowerCase()}`);
    const inv = await call<{ token: string }>("POST", "/api/v1/invitations", { cookie: owner.cookie, body: { email, role } });
    expect(inv.status, inv.text).toBe(201);
    const person = await signUp(email, { invitationToken: inv.json.token });
    people[role] = { email, userId: person.me.user.id, cookie: person.cookie };
  }
  const members = await call<{ items: Array<{ id: string; userId: string }> }>("GET", "/api/v1/members", { cookie: owner.cookie });
  const withIds = Object.fromEntries(
    Object.entries(people).map(([role, p]) => [role, { ...p, memberId: members.json.items.find((m) => m.userId === p.userId)?.id ?? "" }]),
  ) as Record<Role, Person>;
  const tokens = {} as Tenant["tokens"];
  for (const role of ["OWNER", "ADMIN", "DEVELOPER", "VIEWER"] as const) {
    const t = await call<{ id: string; token: string }>("POST", "/api/v1/tokens", {
      cookie: owner.cookie,
      body: { name: `${label}-${role}`, role },
    });
    expect(t.status, t.text).toBe(201);
    tokens[role] = { id: t.json.id, secret: t.json.token };
  }
  const pendingEmail = uniqueEmail(`${label}-pending`);
  const pending = await call<{ id: string; token: string }>("POST", "/api/v1/invitations", {
    cookie: owner.cookie,
    body: { email: pendingEmail, role: "DEVELOPER" },
  });
  expect(pending.status, pending.text).toBe(201);
  const slug = owner.me.memberships.find((m) => m.organizationId === orgId)?.organizationSlug ?? "";
  const cluster = await call<{ id: string; name: string }>("POST", "/api/v1/clusters", {
    cookie: owner.cookie,
    body: { name: `c-${label}` },
  });
  expect(cluster.status, cluster.text).toBe(201);
  const joinToken = await call<{ id: string; token: string }>("POST", `/api/v1/clusters/${cluster.json.id}/join-tokens`, {
    cookie: owner.cookie,
    body: { role: "MANAGER" },
  });
  expect(joinToken.status, joinToken.text).toBe(201);
  const created = await call<{ application: { id: string; services: Array<{ id: string }> } }>("POST", "/api/v1/applications", {
    cookie: owner.cookie,
    body: { name: `app-${label}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-"), clusterId: cluster.json.id, compose: SIMPLE_COMPOSE },
  });
  expect(created.status, created.text).toBe(201);
  const versions = await call<{ items: Array<{ id: string }> }>("GET", `/api/v1/applications/${created.json.application.id}/versions`, {
    cookie: owner.cookie,
  });
  const registry = await createRegistryFixtures({ orgId, slug, cookie: owner.cookie });
  const lb = await call<{ id: string }>("POST", `/api/v1/clusters/${cluster.json.id}/load-balancers`, {
    cookie: owner.cookie,
    body: { name: "edge", driver: "haproxy", description: `fixture of ${label}` },
  });
  expect(lb.status, lb.text).toBe(201);
  const cert = await call<{ id: string }>("POST", `/api/v1/clusters/${cluster.json.id}/certificates`, {
    cookie: owner.cookie,
    body: { name: "fixture", ...testCertificate() },
  });
  expect(cert.status, cert.text).toBe(201);
  const releaseId = `rel${Date.now().toString(36)}${(counter++).toString(36)}`;
  await testDb().query(
    `insert into "Release" (id, "orgId", "applicationId", number, strategy, state, step, "fromVersionId", "toVersionId", "fromColour", "toColour", services, "actorLabel", "finishedAt", "updatedAt")
     values ($1, $2, $3, 1, 'BLUE_GREEN', 'DONE', 'done', $4, $4, 'blue', 'green', '[]', 'fixture', now(), now())`,
    [releaseId, orgId, created.json.application.id, versions.json.items[0]?.id ?? ""],
  );
  const ruleId = `asr${Date.now().toString(36)}${(counter++).toString(36)}`;
  await testDb().query(
    `insert into "AutoscalingRule" (id, "orgId", "applicationId", "serviceId", "maxCpu", "windowSeconds", "cooldownSeconds", "scaleInCooldownSeconds", breaches, "updatedAt")
     values ($1, $2, $3, $4, 70, 10, 60, 180, 2, now())`,
    [ruleId, orgId, created.json.application.id, created.json.application.services[0]?.id ?? ""],
  );
  const joined = await joinNode({
    request: {
      token: joinToken.json.token,
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: "test",
      inventory: testInventory(`${label}-machine`),
    },
    ip: null,
  });
  const alerts = await createAlertFixtures(owner.cookie, cluster.json.id);
  const template = await call<{ id: string }>("POST", "/api/v1/templates", {
    cookie: owner.cookie,
    body: { name: `fixture ${label}`, compose: SIMPLE_COMPOSE },
  });
  expect(template.status, template.text).toBe(201);
  const logs = await createLogFixtures({
    cookie: owner.cookie,
    orgId,
    clusterId: cluster.json.id,
    nodeId: joined.nodeId,
    label,
    appName: `app-${label}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-"),
  });
  return {
    label,
    orgId,
    slug,
    people: withIds,
    tokens,
    pendingInvitation: { id: pending.json.id, token: pending.json.token, email: pendingEmail },
    cluster: { id: cluster.json.id, name: cluster.json.name },
    joinToken: { id: joinToken.json.id, secret: joinToken.json.token },
    node: { id: joined.nodeId, credential: joined.credential },
    app: {
      id: created.json.application.id,
      serviceId: created.json.application.services[0]?.id ?? "",
      versionId: versions.json.items[0]?.id ?? "",
    },
    registry,
    traffic: { loadBalancerId: lb.json.id, certificateId: cert.json.id },
    release: { id: releaseId },
    autoscaling: { ruleId },
    alerts,
    template: { id: template.json.id },
    logs,
  };
}

/** A stored line (through the gateway's ingest function) and a disabled sink (port 9 is discard): for tenancy checks. */
async function createLogFixtures(o: {
  cookie: string;
  orgId: string;
  clusterId: string;
  nodeId: string;
  label: string;
  appName: string;
}): Promise<Tenant["logs"]> {
  const marker = `logmark${Date.now().toString(36)}${(counter++).toString(36)}${o.label.replace(/[^a-z0-9]/g, "")}`;
  await ingestLogs({
    orgId: o.orgId,
    clusterId: o.clusterId,
    nodeId: o.nodeId,
    message: {
      type: "logs",
      epoch: `fixture${marker}`.slice(0, 64),
      droppedTotal: 0,
      lines: [
        {
          seq: 1,
          ts: new Date().toISOString(),
          store: "out",
          stream: "stdout",
          application: o.appName,
          service: "web",
          task: null,
          container: "fixture00000",
          text: `fixture line ${marker}`,
        },
      ],
    },
  });
  const line = await testDb().query(`select id::text as id from log_lines where org_id = $1 and text like $2 limit 1`, [
    o.orgId,
    `%${marker}%`,
  ]);
  const sinkPassword = `sinkpw${marker}`;
  const sink = await call<{ id: string }>("POST", "/api/v1/log-sinks", {
    cookie: o.cookie,
    body: {
      kind: "ELASTICSEARCH",
      name: "fixture sink",
      url: "http://127.0.0.1:9",
      enabled: false,
      credentials: { username: "wharf", password: sinkPassword },
    },
  });
  expect(sink.status, sink.text).toBe(201);
  return { lineId: (line.rows[0] as { id: string }).id, marker, sinkId: sink.json.id, sinkPassword };
}

/** Alert fixtures through the API: nothing is ever delivered (the channel is disabled, port 9 is discard). */
async function createAlertFixtures(cookie: string, clusterId: string): Promise<Tenant["alerts"]> {
  const channel = await call<{ id: string; secret: string }>("POST", "/api/v1/notification-channels", {
    cookie,
    body: { kind: "WEBHOOK", name: "fixture hook", url: "http://127.0.0.1:9/hook", enabled: false },
  });
  expect(channel.status, channel.text).toBe(201);
  const rule = await call<{ id: string }>("POST", "/api/v1/alerts/rules", {
    cookie,
    body: { name: "fixture nodes", kind: "NODE_UNREACHABLE", clusterId, enabled: false, channelIds: [channel.json.id] },
  });
  expect(rule.status, rule.text).toBe(201);
  const silence = await call<{ id: string }>("POST", "/api/v1/alerts/silences", {
    cookie,
    body: { ruleId: rule.json.id, comment: "fixture", durationSeconds: 3600 },
  });
  expect(silence.status, silence.text).toBe(201);
  return { channelId: channel.json.id, channelSecret: channel.json.secret, ruleId: rule.json.id, silenceId: silence.json.id };
}

/** Every id and secret of a tenant: none may show up in another tenant's responses. */
export function tenantSecrets(t: Tenant): string[] {
  return [
    t.orgId,
    ...Object.values(t.people).flatMap((p) => [p.userId, p.memberId, p.email]),
    ...Object.values(t.tokens).flatMap((tok) => [tok.id, tok.secret]),
    t.pendingInvitation.id,
    t.pendingInvitation.email,
    t.cluster.id,
    t.joinToken.id,
    t.joinToken.secret,
    t.node.id,
    t.node.credential,
    t.app.id,
    t.app.serviceId,
    t.app.versionId,
    ...registrySecrets(t.registry),
    t.traffic.loadBalancerId,
    t.traffic.certificateId,
    t.alerts.channelId,
    t.alerts.channelSecret,
    t.alerts.ruleId,
    t.alerts.silenceId,
    t.template.id,
    t.logs.marker,
    t.logs.sinkId,
    t.logs.sinkPassword,
  ];
}
