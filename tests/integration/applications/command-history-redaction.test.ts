/**
 * finding 5a: node command history showed full service.apply specs (environment values included)
 * to viewers, and services.status results with the same spec were stored every 15 s. After a real
 * deploy with environment values on a real swarm, neither Command rows nor the API contain them;
 * the history is for admins and owners only, and shows redacted entries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/permissions";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";

const FROM_APP_ENV = "from-app-env-5a-7c1e9d";
const LITERAL = "literal-in-compose-5a-42b0aa";

let owner: string;
let cluster: SwarmCluster;
let appId: string;
let managerNodeId: string;
const people: Partial<Record<Role, { cookie: string; token: string }>> = {};

async function member(role: Exclude<Role, "OWNER">) {
  const email = uniqueEmail(`history-${role.toLowerCase()}`);
  const invitation = await call<{ token: string }>("POST", "/api/v1/invitations", { cookie: owner, body: { email, role } });
  expect(invitation.status, invitation.text).toBe(201);
  const { cookie } = await signUp(email, { invitationToken: invitation.json.token });
  const token = await call<{ token: string }>("POST", "/api/v1/tokens", { cookie: owner, body: { name: `history-${role}`, role } });
  expect(token.status, token.text).toBe(201);
  people[role] = { cookie, token: token.json.token };
}

beforeAll(async () => {
  // A gateway port of its own (startSwarmCluster reads it): a gateway left over on the shared
  // GATEWAY_PORT by an interrupted run must not answer in its place.
  process.env.GATEWAY_PORT = "3298";
  const signedUp = await signUp(uniqueEmail("history-owner"));
  owner = signedUp.cookie;
  for (const role of ["ADMIN", "DEVELOPER", "VIEWER"] as const) await member(role);
  const images = await orgTestImages(owner, signedUp.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({ cookie: owner, name: "history-it", machines: [{ name: "whr1", index: 81 }] });
  const compose = `services:
  api:
    image: ${images.busybox}
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      LITERAL_TOKEN: ${LITERAL}
`;
  const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
    cookie: owner,
    body: { name: "history", clusterId: cluster.clusterId, compose, env: { DB_PASSWORD: FROM_APP_ENV } },
  });
  expect(created.status, created.text).toBe(201);
  appId = created.json.application.id;
  const done = await waitFor(
    "the deploy",
    async () => {
      const list = await call<{ items: Array<{ status: string; error: string | null }> }>(
        "GET",
        `/api/v1/applications/${appId}/deployments`,
        { cookie: owner },
      );
      const d = list.json.items[0];
      return d && (d.status === "SUCCEEDED" || d.status === "FAILED") ? d : undefined;
    },
    240_000,
    500,
  );
  expect(done).toMatchObject({ status: "SUCCEEDED", error: null });
  const nodes = await call<{ items: Array<{ id: string }> }>("GET", `/api/v1/clusters/${cluster.clusterId}/nodes`, { cookie: owner });
  managerNodeId = nodes.json.items[0]?.id ?? "";
  // The application sweep (every 15 s) asks the manager for services.status: wait for one stored after the deploy.
  await waitFor(
    "a services.status stored by the sweep",
    async () => {
      const rows = await testDb().query(
        `select count(*)::int as n from "Command" where "nodeId" = $1 and type = 'services.status' and status = 'SUCCEEDED'`,
        [managerNodeId],
      );
      return rows.rows[0].n >= 2;
    },
    60_000,
    1000,
  );
}, 420_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

describe("finding 5a: command history never shows environment values, and only to admins", () => {
  it("the environment values reached the container (the deploy really carried them)", async () => {
    const { dockerClient } = await import("../../support/runtime/docker-env");
    const manager = dockerClient(cluster.machines[0]?.socketPath);
    const service = (await manager.getService("history_api").inspect()) as {
      Spec: { TaskTemplate: { ContainerSpec: { Env?: string[] } } };
    };
    expect(service.Spec.TaskTemplate.ContainerSpec.Env).toEqual(
      expect.arrayContaining([`DB_PASSWORD=${FROM_APP_ENV}`, `LITERAL_TOKEN=${LITERAL}`]),
    );
  });

  it("no Command row holds them, in payloads or results (service.apply, services.status)", async () => {
    const rows = await testDb().query(
      `select type, payload::text as payload, result::text as result from "Command" where "clusterId" = $1`,
      [cluster.clusterId],
    );
    const types = new Set(rows.rows.map((r: { type: string }) => r.type));
    expect(types).toContain("service.apply");
    expect(types).toContain("services.status");
    const text = JSON.stringify(rows.rows);
    expect(text).not.toContain(FROM_APP_ENV);
    expect(text).not.toContain(LITERAL);
    expect(text).toContain("DB_PASSWORD=[redacted]");
  });

  it("viewers and developers get 403 on a node's command history (session and API token)", async () => {
    for (const role of ["VIEWER", "DEVELOPER"] as const) {
      for (const creds of [{ cookie: people[role]?.cookie }, { token: people[role]?.token }]) {
        const res = await call<{ error: { code: string } }>("GET", `/api/v1/nodes/${managerNodeId}/commands`, creds);
        expect(res.status, `${role}: ${res.text}`).toBe(403);
        expect(res.json.error.code).toBe("FORBIDDEN");
      }
    }
  });

  it("an admin (and the owner) sees the history, redacted", async () => {
    for (const creds of [{ cookie: people.ADMIN?.cookie }, { token: people.ADMIN?.token }, { cookie: owner }]) {
      const res = await call<{ items: Array<{ type: string }> }>("GET", `/api/v1/nodes/${managerNodeId}/commands?limit=100`, creds);
      expect(res.status, res.text).toBe(200);
      expect(res.json.items.map((c) => c.type)).toContain("service.apply");
      expect(res.text).not.toContain(FROM_APP_ENV);
      expect(res.text).not.toContain(LITERAL);
      expect(res.text).toContain("LITERAL_TOKEN=[redacted]");
    }
  });
});
