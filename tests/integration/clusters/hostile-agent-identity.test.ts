/**
 * Hostile agents against the real gateway and worker (issue 9, findings 2 and 3): protocol-speaking
 * WebSocket clients with forged inventories, no Docker. A node's role comes from the control plane
 * and is only confirmed by its engine; no join takes over another node's record; join tokens are
 * short-lived and can be single-use.
 */
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/context";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { ensureLocalCluster } from "@/lib/domain/clusters/ensure-local-cluster";
import { call } from "../../support/integration/client";
import { gatewayHealthy, startGateway, startWorker, stopAll, waitFor } from "../../support/integration/processes";
import { SIMPLE_COMPOSE, signUp, uniqueEmail } from "../../support/integration/tenants";
import { inventoryOf, joinAs, ProtocolAgent, type Answer } from "./protocol-agent";

// A port of its own (these tests do not use install commands), so a gateway left behind on the
// suite's GATEWAY_PORT cannot answer in place of the one started here.
let GW_URL: string;
const uniq = randomBytes(4).toString("hex");
const agents: ProtocolAgent[] = [];
let cookie: string;
let orgId: string;

/** Commands only a manager gets: swarm coordinates, service specs (with secrets and registry credentials), logs. */
const MANAGER_COMMANDS = [
  "swarm.inspect",
  "node.update",
  "node.remove",
  "network.ensure",
  "secret.ensure",
  "config.ensure",
  "service.apply",
  "service.remove",
  "services.status",
  "logs.start",
  "app.prune",
];

async function createCluster(name: string) {
  const res = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie, body: { name } });
  expect(res.status, res.text).toBe(201);
  return res.json.id;
}

async function joinToken(clusterId: string, role: "WORKER" | "MANAGER", extra: Record<string, unknown> = {}) {
  const res = await call<{ id: string; token: string; expiresAt: string; createdAt: string; maxUses: number | null }>(
    "POST",
    `/api/v1/clusters/${clusterId}/join-tokens`,
    { cookie, body: { role, ...extra } },
  );
  expect(res.status, res.text).toBe(201);
  return res.json;
}

async function connect(credential: string | undefined, inventory: ReturnType<typeof inventoryOf>, answers: Record<string, Answer> = {}) {
  const agent = await ProtocolAgent.connect(GW_URL, credential ?? "", inventory, answers);
  agents.push(agent);
  return agent;
}

const node = (id: string) => prisma.node.findUniqueOrThrow({ where: { id } });
const ok = (result: unknown) => () => ({ ok: true as const, result });

/**
 * Waits for a reconcile of the cluster that started after now and finished (the worker mirrors job
 * runs into JobRun), asking for one through `poke` (a node change) until it comes: a request made
 * while a reconcile runs is merged into that one.
 */
async function reconcileAfter(clusterId: string, poke: () => Promise<unknown>) {
  const since = new Date();
  let poked = 0;
  await waitFor(
    "a reconcile after the change",
    async () => {
      if (poked++ % 15 === 0) await poke();
      return prisma.jobRun.findFirst({
        where: { jobId: { startsWith: `cluster-reconcile-${clusterId}` }, startedAt: { gt: since }, finishedAt: { not: null } },
        select: { id: true },
      });
      // A reconcile still running may be waiting out a command to a node that just went away (20 s),
      // and the next one retries with backoff while it holds the cluster's lock.
    },
    90_000,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  GW_URL = `http://127.0.0.1:${port}`;
  const gateway = startGateway(port);
  startWorker({ WORKER_LOCK_SECONDS: "5" });
  await waitFor("the gateway", () => gatewayHealthy(port));
  const health = (await (await fetch(`${GW_URL}/healthz`)).json()) as { pid: number };
  expect(health.pid, `another process answers on port ${port}`).toBe(gateway.pid);
  const owner = await signUp(uniqueEmail("hostile"));
  cookie = owner.cookie;
  orgId = owner.me.activeOrganizationId;
}, 120_000);

afterAll(async () => {
  for (const agent of agents) agent.close();
  await stopAll();
});

describe("finding 2: a node's role comes from the control plane; its engine only confirms it", () => {
  const SWARM = `swarm${uniq}honest`;
  const HONEST = { managerAddr: "10.99.0.1:2377", worker: "SWMTKN-1-honest-worker", manager: "SWMTKN-1-honest-manager" };
  const EVIL = { managerAddr: "6.6.6.6:2377", worker: "SWMTKN-1-evil-worker", manager: "SWMTKN-1-evil-manager" };
  const evilInspect: Answer = () => ({
    ok: true,
    result: { swarmId: SWARM, managerAddr: EVIL.managerAddr, joinTokens: { worker: EVIL.worker, manager: EVIL.manager }, nodes: [] },
  });
  let clusterId: string;
  let manager: ProtocolAgent;
  let hostile: ProtocolAgent;
  let hostileId: string;

  it("a worker-token node claiming to be a manager is flagged, and never gets manager commands while a real manager runs", async () => {
    clusterId = await createCluster(`role-${uniq}`);
    // The honest manager: Wharf initialises the swarm on it (a protocol agent answering like an engine).
    const mJoin = await joinAs(GW_URL, (await joinToken(clusterId, "MANAGER")).token, inventoryOf(`m-${uniq}`));
    expect(mJoin.status).toBe(200);
    const managerInventory = inventoryOf(`m-${uniq}`, { state: "active", clusterId: SWARM, nodeId: `mnode${uniq}`, isManager: true });
    const inspect: Answer = () => ({
      ok: true,
      result: {
        swarmId: SWARM,
        managerAddr: HONEST.managerAddr,
        joinTokens: { worker: HONEST.worker, manager: HONEST.manager },
        nodes: [
          { id: `mnode${uniq}`, hostname: `m-${uniq}`, role: "manager", availability: "active", state: "ready", labels: {}, leader: true },
          { id: `hnode${uniq}`, hostname: `h-${uniq}`, role: "worker", availability: "active", state: "ready", labels: {}, leader: false },
        ],
      },
    });
    manager = await connect(mJoin.body.credential, inventoryOf(`m-${uniq}`), {
      "swarm.init": () => {
        setTimeout(() => manager.sendInventory(managerInventory), 50);
        return {
          ok: true,
          result: {
            swarmId: SWARM,
            nodeId: `mnode${uniq}`,
            managerAddr: HONEST.managerAddr,
            joinTokens: { worker: HONEST.worker, manager: HONEST.manager },
          },
        };
      },
      "swarm.inspect": inspect,
      "node.update": ok({ version: 2 }),
    });
    await waitFor(
      "the swarm initialised on the manager",
      async () => (await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } })).swarmId === SWARM,
    );

    // The hostile machine joined with a WORKER token, then claims to be a manager of the swarm.
    const hJoin = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(`h-${uniq}`));
    expect(hJoin.status).toBe(200);
    hostileId = hJoin.body.nodeId ?? "";
    hostile = await connect(
      hJoin.body.credential,
      inventoryOf(`h-${uniq}`, { state: "active", clusterId: SWARM, nodeId: `hnode${uniq}`, isManager: true }),
      { "swarm.inspect": evilInspect },
    );
    // A second one claims the real manager's swarm node id (so reconciling would demote the manager on its behalf).
    const iJoin = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(`i-${uniq}`));
    const impostor = await connect(
      iJoin.body.credential,
      inventoryOf(`i-${uniq}`, { state: "active", clusterId: SWARM, nodeId: `mnode${uniq}`, isManager: false }),
      { "swarm.inspect": evilInspect },
    );

    const flagged = await waitFor("the false claim shown on the node", async () => (await node(hostileId)).lastError);
    expect(flagged).toMatch(/says it is a swarm manager, but it joined as a worker/);
    const impostorRow = await waitFor("the impostor's inventory stored", async () => {
      const row = await node(iJoin.body.nodeId ?? "");
      return row.inventoryHash ? row : undefined;
    });
    expect(impostorRow.swarmNodeId).toBeNull();
    expect(impostorRow.lastError).toMatch(/belongs to another node/);
    await reconcileAfter(clusterId, () =>
      call("PATCH", `/api/v1/nodes/${iJoin.body.nodeId}`, { cookie, body: { labels: { owned: "yes" } } }),
    );
    expect(manager.received("node.update").filter((c) => (c.payload as { swarmNodeId: string }).swarmNodeId === `mnode${uniq}`)).toEqual(
      [],
    );
    expect((await node(mJoin.body.nodeId ?? "")).role).toBe("MANAGER");
    expect(hostile.received(...MANAGER_COMMANDS)).toEqual([]);
    expect(impostor.received(...MANAGER_COMMANDS)).toEqual([]);
  });

  it("with the real manager gone, the worker claiming to be a manager still gets no service specs, secrets or swarm coordinates", async () => {
    manager.close();
    await waitFor(
      "the manager unreachable",
      async () => (await node((await prisma.node.findFirstOrThrow({ where: { clusterId, role: "MANAGER" } })).id)).status !== "READY",
    );
    expect((await call("PATCH", `/api/v1/nodes/${hostileId}`, { cookie, body: { labels: { zone: "a" } } })).status).toBe(200);
    const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
      cookie,
      body: { name: `hostile-${uniq}`, clusterId, compose: SIMPLE_COMPOSE },
    });
    expect(created.status, created.text).toBe(201);
    const appId = created.json.application.id;
    const status = await call<{ error: { code: string } }>("GET", `/api/v1/applications/${appId}/status`, { cookie });
    expect(status.text).not.toContain(EVIL.managerAddr);
    const deployment = await waitFor(
      "the deployment to end",
      async () => {
        const d = await prisma.deployment.findFirst({ where: { applicationId: appId }, select: { status: true, error: true } });
        return d && (d.status === "FAILED" || d.status === "SUCCEEDED") ? d : undefined;
      },
      60_000,
    );
    await reconcileAfter(clusterId, () => call("PATCH", `/api/v1/nodes/${hostileId}`, { cookie, body: { labels: { zone: "b" } } }));

    expect(hostile.received(...MANAGER_COMMANDS)).toEqual([]);
    expect(deployment).toMatchObject({ status: "FAILED", error: expect.stringMatching(/No connected manager/) });
    const cluster = await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect({
      swarmId: cluster.swarmId,
      managerAddr: cluster.managerAddr,
      worker: decryptSecret(cluster.swarmWorkerTokenEnc ?? ""),
      manager: decryptSecret(cluster.swarmManagerTokenEnc ?? ""),
    }).toEqual({ swarmId: SWARM, managerAddr: HONEST.managerAddr, worker: HONEST.worker, manager: HONEST.manager });
  });

  it("a worker-token node running its own swarm is not adopted; a manager-token one is", async () => {
    const other = await createCluster(`adopt-${uniq}`);
    const wJoin = await joinAs(GW_URL, (await joinToken(other, "WORKER")).token, inventoryOf(`w-${uniq}`));
    const evilSwarm = `evil${uniq}`;
    const worker = await connect(
      wJoin.body.credential,
      inventoryOf(`w-${uniq}`, { state: "active", clusterId: evilSwarm, nodeId: `wnode${uniq}`, isManager: true }),
      {
        "swarm.inspect": () => ({
          ok: true,
          result: {
            swarmId: evilSwarm,
            managerAddr: EVIL.managerAddr,
            joinTokens: { worker: EVIL.worker, manager: EVIL.manager },
            nodes: [],
          },
        }),
      },
    );
    const error = await waitFor("the refusal shown on the node", async () => {
      const [row, cluster] = await Promise.all([node(wJoin.body.nodeId ?? ""), prisma.cluster.findUniqueOrThrow({ where: { id: other } })]);
      return row.lastError ?? (cluster.swarmId ? `adopted ${cluster.swarmId}` : undefined);
    });
    expect(error).toMatch(
      /joined with a worker token: Wharf adopts an existing swarm only from a machine that joined with a manager token/,
    );
    expect(worker.received(...MANAGER_COMMANDS)).toEqual([]);
    expect((await prisma.cluster.findUniqueOrThrow({ where: { id: other } })).swarmId).toBeNull();

    // Positive control: a machine that joined with a manager token brings its swarm in.
    const okSwarm = `ok${uniq}`;
    const mJoin = await joinAs(GW_URL, (await joinToken(other, "MANAGER")).token, inventoryOf(`a-${uniq}`));
    await connect(
      mJoin.body.credential,
      inventoryOf(`a-${uniq}`, { state: "active", clusterId: okSwarm, nodeId: `anode${uniq}`, isManager: true }),
      {
        "swarm.inspect": () => ({
          ok: true,
          result: {
            swarmId: okSwarm,
            managerAddr: "10.99.0.9:2377",
            joinTokens: { worker: "SWMTKN-1-ok-w", manager: "SWMTKN-1-ok-m" },
            nodes: [],
          },
        }),
      },
    );
    await waitFor(
      "adopted from the manager-token node",
      async () => (await prisma.cluster.findUniqueOrThrow({ where: { id: other } })).swarmId === okSwarm,
    );
    expect(worker.received(...MANAGER_COMMANDS)).toEqual([]);
  });
});

describe("finding 3: no join takes over a node record; revocation and removal stick", () => {
  let clusterId: string;
  let managerId: string;
  let managerCredential: string;
  const managerMachine = `mgr-machine-${uniq}`;

  beforeAll(async () => {
    clusterId = await createCluster(`ident-${uniq}`);
    const joined = await joinAs(GW_URL, (await joinToken(clusterId, "MANAGER")).token, inventoryOf(managerMachine));
    expect(joined.status).toBe(200);
    managerId = joined.body.nodeId ?? "";
    managerCredential = joined.body.credential ?? "";
  });

  it("a worker-token agent naming a manager's machine id is refused; the manager keeps its id, role and credential", async () => {
    const before = await node(managerId);
    const attempt = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(managerMachine));
    expect(attempt.status).toBe(409);
    expect(attempt.body.error).toMatchObject({
      code: "REJOIN_NOT_APPROVED",
      message: expect.stringMatching(new RegExp(`already node ${managerMachine} of cluster ident-${uniq}.*an admin can allow`)),
    });
    const after = await node(managerId);
    expect(after).toMatchObject({ id: before.id, role: "MANAGER", credentialHash: before.credentialHash, credentialRevokedAt: null });
    expect(after.rejoinRequestedAt).not.toBeNull();
    expect(await prisma.node.count({ where: { clusterId, machineId: managerMachine } })).toBe(1);
    // the manager's own credential still works
    const still = await connect(managerCredential, inventoryOf(managerMachine));
    still.close();
    const requests = await call<{ items: Array<{ nodeId: string; state: string }> }>(
      "GET",
      `/api/v1/clusters/${clusterId}/rejoin-requests`,
      { cookie },
    );
    expect(requests.json.items).toContainEqual(expect.objectContaining({ nodeId: managerId, state: "active" }));
    const audit = await prisma.auditLog.findFirst({ where: { orgId, action: "node.rejoin-request", targetId: managerId } });
    expect(audit?.details).toMatchObject({ tokenRole: "WORKER" });
  });

  it("once an admin allows it, exactly one join takes the record over, with at most the role it had", async () => {
    const allowed = await call<{ rejoinApprovedAt: string | null }>("POST", `/api/v1/nodes/${managerId}/allow-rejoin`, { cookie });
    expect(allowed.status, allowed.text).toBe(200);
    expect(allowed.json.rejoinApprovedAt).not.toBeNull();
    const token = (await joinToken(clusterId, "WORKER")).token;
    const answers = await Promise.all([
      joinAs(GW_URL, token, inventoryOf(managerMachine)),
      joinAs(GW_URL, token, inventoryOf(managerMachine)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const winner = answers.find((a) => a.status === 200);
    expect(winner?.body.nodeId).toBe(managerId);
    // a worker token brings a manager back as a worker; the approval is spent and the old credential
    // is gone. (The loser may land after the winner and ask again: a new request, not approved.)
    expect(await node(managerId)).toMatchObject({ role: "WORKER", rejoinApprovedAt: null });
    await expect(ProtocolAgent.connect(GW_URL, managerCredential, inventoryOf(managerMachine))).rejects.toThrow(/401/);
    const again = await joinAs(GW_URL, token, inventoryOf(managerMachine));
    expect(again.status).toBe(409);
  });

  it("a removed node cannot come back until an admin allows it", async () => {
    const machine = `removed-${uniq}`;
    const joined = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine));
    const nodeId = joined.body.nodeId ?? "";
    expect((await call("DELETE", `/api/v1/nodes/${nodeId}`, { cookie })).status).toBe(200);
    // The removal is the cluster's reconcile; one still in flight may be waiting out a command to a
    // node of this file that never connected (see reconcileAfter).
    await waitFor("the node removed", async () => (await node(nodeId)).removedAt, 90_000);
    const refused = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine));
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(new RegExp(`was node ${machine} of cluster ident-${uniq} and was removed`));
    expect(await node(nodeId)).toMatchObject({ removedAt: expect.any(Date), credentialRevokedAt: expect.any(Date) });
    const page = await call<{ removedAt: string | null; rejoinRequestedAt: string | null }>("GET", `/api/v1/nodes/${nodeId}`, { cookie });
    expect(page.json).toMatchObject({ removedAt: expect.any(String), rejoinRequestedAt: expect.any(String) });

    expect((await call("POST", `/api/v1/nodes/${nodeId}/allow-rejoin`, { cookie })).status).toBe(200);
    const back = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine));
    expect(back).toMatchObject({ status: 200, body: { nodeId } });
    expect(await node(nodeId)).toMatchObject({ removedAt: null, credentialRevokedAt: null, removeRequestedAt: null });
  });

  it("a revoked node cannot come back until an admin allows it", async () => {
    const machine = `revoked-${uniq}`;
    const joined = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine));
    const nodeId = joined.body.nodeId ?? "";
    expect((await call("POST", `/api/v1/nodes/${nodeId}/revoke-credential`, { cookie })).status).toBe(200);
    const refused = await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine));
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/whose credential was revoked/);
    expect((await node(nodeId)).credentialRevokedAt).not.toBeNull();
    // an approval that has run out (older than an hour) does not count
    await prisma.node.update({ where: { id: nodeId }, data: { rejoinApprovedAt: new Date(Date.now() - 61 * 60_000) } });
    expect((await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine))).status).toBe(409);
    expect((await call("POST", `/api/v1/nodes/${nodeId}/allow-rejoin`, { cookie })).status).toBe(200);
    expect(await joinAs(GW_URL, (await joinToken(clusterId, "WORKER")).token, inventoryOf(machine))).toMatchObject({
      status: 200,
      body: { nodeId },
    });
  });
});

describe("finding 3: join tokens are short-lived and can be single-use", () => {
  let clusterId: string;
  beforeAll(async () => {
    clusterId = await createCluster(`tokens-${uniq}`);
  });

  it("a token for one machine refuses a second one, also when two race for it", async () => {
    const single = await joinToken(clusterId, "WORKER", { maxUses: 1 });
    expect(single.maxUses).toBe(1);
    expect((await joinAs(GW_URL, single.token, inventoryOf(`one-${uniq}`))).status).toBe(200);
    const second = await joinAs(GW_URL, single.token, inventoryOf(`two-${uniq}`));
    expect(second).toMatchObject({ status: 410, body: { error: { code: "JOIN_TOKEN_USED_UP" } } });
    const race = await joinToken(clusterId, "WORKER", { maxUses: 1 });
    const answers = await Promise.all([1, 2, 3].map((n) => joinAs(GW_URL, race.token, inventoryOf(`race-${n}-${uniq}`))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410]);
  });

  it("the default lifetime is one hour, and an expired token is refused", async () => {
    const token = await joinToken(clusterId, "WORKER");
    expect(Math.abs(new Date(token.expiresAt).getTime() - new Date(token.createdAt).getTime() - 3_600_000)).toBeLessThan(5_000);
    await prisma.joinToken.update({
      where: { id: token.id },
      data: { createdAt: new Date(Date.now() - 61 * 60_000), expiresAt: new Date(Date.now() - 60_000) },
    });
    expect(await joinAs(GW_URL, token.token, inventoryOf(`late-${uniq}`))).toMatchObject({
      status: 410,
      body: { error: { code: "JOIN_TOKEN_EXPIRED" } },
    });
  });

  it("the local agent's token is spent once the local machine has joined", async () => {
    const secret = `wharf_join_${randomBytes(24).toString("hex")}`;
    const local = await prisma.$transaction((tx) => ensureLocalCluster({ orgId, actor: systemActor("test"), db: tx, secret }));
    expect(local).not.toBeNull();
    expect((await joinAs(GW_URL, secret, inventoryOf(`local-${uniq}`))).status).toBe(200);
    expect(await joinAs(GW_URL, secret, inventoryOf(`local-other-${uniq}`))).toMatchObject({
      status: 410,
      body: { error: { code: "JOIN_TOKEN_USED_UP" } },
    });
  });
});
