/**
 * Clusters end to end with real parts: the gateway and worker processes, the agent bundle run as
 * the install command runs it, and two Docker engines in their own network namespaces acting as
 * two customer machines. The swarm is formed entirely through Wharf.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { sendCommand } from "@/lib/domain/commands/send-command";
import { ensureDockerEngine, ensureNetnsNode, removeNetnsNode, resetSwarm, type NetnsNode } from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import {
  AGENT_BUNDLE,
  ROOT,
  gatewayHealthy,
  startAgent,
  startGateway,
  startWorker,
  stopAll,
  stopProcess,
  waitFor,
  type Proc,
} from "../../support/integration/processes";
import { createTenant, signUp, uniqueEmail, type Tenant } from "../../support/integration/tenants";
import { nodeNamed, nodes } from "../../support/integration/cluster-nodes";
import { engineInfo, parseNodeCommand, swarmNodes, tempDir } from "./support";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";

// scripts/test.sh sets GATEWAY_PORT / GATEWAY_PUBLIC_URL for the integration stage, so the install
// commands the in-process API prints point at the gateway this test starts.
const GW_PORT = Number(process.env.GATEWAY_PORT ?? 3291);
const GW_URL = `http://127.0.0.1:${GW_PORT}`;
let gateway: Proc;
let worker: Proc;
let cookie: string;
let clusterId: string;
let m1: NetnsNode;
let m2: NetnsNode;
const agents: Record<string, Proc> = {};
const stateDirs: Record<string, string> = {};

async function joinToken(role: "WORKER" | "MANAGER") {
  const res = await call<{ commands: { node: string } }>("POST", `/api/v1/clusters/${clusterId}/join-tokens`, { cookie, body: { role } });
  expect(res.status, res.text).toBe(201);
  return parseNodeCommand(res.json.commands.node);
}

beforeAll(async () => {
  await ensureDockerEngine();
  [m1, m2] = await Promise.all([ensureNetnsNode("wcl1", 21), ensureNetnsNode("wcl2", 22)]);
  await Promise.all([resetSwarm(m1.socketPath), resetSwarm(m2.socketPath)]);
  if (!existsSync(AGENT_BUNDLE)) execFileSync(process.execPath, [path.join(ROOT, "agent/build.mjs"), "--quiet"]);
  gateway = startGateway(GW_PORT);
  worker = startWorker({ WORKER_LOCK_SECONDS: "5" });
  await waitFor("the gateway", () => gatewayHealthy(GW_PORT));
  // A gateway left behind by an earlier run would answer here with its own (older) code and bus.
  expect(((await (await fetch(`${GW_URL}/healthz`)).json()) as { pid: number }).pid, `another process holds port ${GW_PORT}`).toBe(
    gateway.pid,
  );
  cookie = (await signUp(uniqueEmail("clusters"))).cookie;
  const created = await call<{ id: string }>("POST", "/api/v1/clusters", {
    cookie,
    body: { name: "swarm-it", description: "integration" },
  });
  clusterId = created.json.id;
}, 180_000);

afterAll(async () => {
  await stopAll();
  await Promise.all([m1, m2].filter(Boolean).map((m) => resetSwarm(m.socketPath).catch(() => undefined)));
  await Promise.all([removeNetnsNode("wcl1"), removeNetnsNode("wcl2")]).catch(() => undefined);
}, 120_000);

describe("a cluster on two machines, formed through Wharf", () => {
  it("the first machine is Ready within 10 s with its engine's facts, and initialises the swarm", async () => {
    const { url, token } = await joinToken("MANAGER");
    expect(url).toBe(GW_URL);
    stateDirs.m1 = tempDir("m1");
    const started = Date.now();
    agents.m1 = startAgent({ name: "m1", url, token, stateDir: stateDirs.m1, dockerSocket: m1.socketPath, advertiseAddr: m1.address });
    const node = await waitFor(
      "m1 Ready",
      async () => (await nodeNamed(cookie, clusterId, "wcl1"))?.status === "READY" && nodeNamed(cookie, clusterId, "wcl1"),
      10_000,
      100,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    const info = await engineInfo(m1.socketPath);
    expect(node).toMatchObject({ cpuCores: info.NCPU, memoryBytes: info.MemTotal, dockerVersion: info.ServerVersion });
    const credential = statSync(path.join(stateDirs.m1, "credential.json"));
    expect(credential.mode & 0o777).toBe(0o600);
    // Finding 3: the token was piped in (--token-file /dev/stdin), so it is not in the process list.
    expect(readFileSync(`/proc/${agents.m1?.pid}/cmdline`, "utf8")).not.toContain(token);
    await waitFor("the swarm on m1", async () => (await engineInfo(m1.socketPath)).Swarm.LocalNodeState === "active", 30_000);
    const cluster = await waitFor(
      "swarm id recorded",
      async () => (await call<{ swarmId: string | null }>("GET", `/api/v1/clusters/${clusterId}`, { cookie })).json.swarmId,
    );
    expect(cluster).toBe((await engineInfo(m1.socketPath)).Swarm.Cluster?.ID);
  });

  it("a second machine joins as a worker with the swarm token the control plane relays", async () => {
    const { url, token } = await joinToken("WORKER");
    stateDirs.m2 = tempDir("m2");
    agents.m2 = startAgent({ name: "m2", url, token, stateDir: stateDirs.m2, dockerSocket: m2.socketPath, advertiseAddr: m2.address });
    await waitFor("m2 in the swarm", async () => (await swarmNodes(m1.socketPath)).length === 2, 60_000);
    const both = await waitFor(
      "both Ready with swarm ids",
      async () => {
        const list = await nodes(cookie, clusterId);
        return list.length === 2 && list.every((n) => n.status === "READY" && n.swarmNodeId) && list;
      },
      30_000,
    );
    const [a, b] = both;
    expect(new Set(both.map((n) => n.hostname))).toEqual(new Set(["wcl1", "wcl2"]));
    expect(a?.swarmNodeId).not.toBe(b?.swarmNodeId);
    const m2info = await engineInfo(m2.socketPath);
    expect(m2info.Swarm).toMatchObject({ LocalNodeState: "active", ControlAvailable: false });
    // The swarm join token travels to the agent only: never into API responses or command history.
    const swarm = (await (await import("../../support/runtime/docker-env")).dockerClient(m1.socketPath).swarmInspect()) as {
      JoinTokens: { Worker: string; Manager: string };
    };
    const m2node = both.find((n) => n.hostname === "wcl2");
    const texts = [
      (await call("GET", `/api/v1/clusters/${clusterId}`, { cookie })).text,
      (await call("GET", `/api/v1/clusters/${clusterId}/nodes`, { cookie })).text,
      (await call("GET", `/api/v1/nodes/${m2node?.id}/commands`, { cookie })).text,
      JSON.stringify((await testDb().query(`select payload, result from "Command" where "clusterId" = $1`, [clusterId])).rows),
    ];
    for (const text of texts) {
      expect(text).not.toContain(swarm.JoinTokens.Worker);
      expect(text).not.toContain(swarm.JoinTokens.Manager);
    }
    expect(texts[2]).toContain("swarm.join");
  });

  it("labels, drain and promote/demote are applied to the swarm nodes", async () => {
    const m2node = await nodeNamed(cookie, clusterId, "wcl2");
    const patch = (body: unknown) => call("PATCH", `/api/v1/nodes/${m2node?.id}`, { cookie, body });
    expect((await patch({ labels: { zone: "b", tier: "batch" }, availability: "DRAIN" })).status).toBe(200);
    const spec = async () => (await swarmNodes(m1.socketPath)).find((n) => n.Description.Hostname === "wcl2")?.Spec;
    await waitFor("labels and drain on the swarm", async () => {
      const s = await spec();
      return s?.Labels?.zone === "b" && s.Labels.tier === "batch" && s.Availability === "drain";
    });
    expect((await patch({ availability: "ACTIVE", role: "MANAGER" })).status).toBe(200);
    await waitFor("promoted and active", async () => (await spec())?.Role === "manager" && (await spec())?.Availability === "active");
    expect((await patch({ role: "WORKER", labels: { zone: "b" } })).status).toBe(200);
    await waitFor("demoted, one label left", async () => {
      const s = await spec();
      return s?.Role === "worker" && s.Labels?.zone === "b" && s.Labels.tier === undefined;
    });
    await waitFor("console shows it applied", async () => {
      const n = await nodeNamed(cookie, clusterId, "wcl2");
      return n?.swarmRole === "WORKER" && n.swarmAvailability === "ACTIVE";
    });
  });

  it("a killed agent makes its node Unreachable within 30 s; restarted, it is Ready again with no duplicate", async () => {
    const before = await nodeNamed(cookie, clusterId, "wcl2");
    await stopProcess(agents.m2 as Proc, "SIGKILL");
    const killed = Date.now();
    await waitFor("Unreachable", async () => (await nodeNamed(cookie, clusterId, "wcl2"))?.status === "UNREACHABLE", 30_000, 250);
    expect(Date.now() - killed).toBeLessThan(30_000);
    agents.m2 = startAgent({
      name: "m2-again",
      url: GW_URL,
      stateDir: stateDirs.m2 as string,
      dockerSocket: m2.socketPath,
      advertiseAddr: m2.address,
    });
    await waitFor("Ready again", async () => (await nodeNamed(cookie, clusterId, "wcl2"))?.status === "READY");
    const list = await nodes(cookie, clusterId);
    expect(list).toHaveLength(2);
    expect(list.find((n) => n.hostname === "wcl2")?.id).toBe(before?.id);
  });

  it("agents reconnect by themselves when the control plane restarts", async () => {
    await stopProcess(worker);
    await stopProcess(gateway);
    gateway = startGateway(GW_PORT);
    worker = startWorker({ WORKER_LOCK_SECONDS: "5" });
    await waitFor(
      "both agents back on the new gateway",
      async () => {
        const health = (await (await fetch(`${GW_URL}/healthz`)).json()) as { connections: number };
        return health.connections === 2;
      },
      60_000,
      500,
    );
    await waitFor("both Ready", async () => (await nodes(cookie, clusterId)).every((n) => n.status === "READY"));
    const m1node = await nodeNamed(cookie, clusterId, "wcl1");
    const info = await sendCommand({ nodeId: m1node?.id ?? "", type: "swarm.inspect", payload: {} });
    expect(info.nodes).toHaveLength(2);
  });
});

describe("agents only ever see their own node's commands", () => {
  let other: Tenant;
  let impostor: WebSocket;
  const received: unknown[] = [];

  beforeAll(async () => {
    other = await createTenant("agent-iso");
    impostor = new WebSocket(`ws://127.0.0.1:${GW_PORT}/v1/connect`, {
      headers: { authorization: `Bearer ${other.node.credential}`, "x-wharf-protocol": String(PROTOCOL_VERSION) },
    });
    impostor.on("message", (data) => received.push(JSON.parse(data.toString())));
    await new Promise((resolve, reject) => (impostor.once("open", resolve), impostor.once("error", reject)));
    const { testInventory } = await import("../../support/test-inventory");
    impostor.send(JSON.stringify({ type: "hello", agentVersion: "impostor", inventory: testInventory("agent-iso-machine") }));
    await waitFor("welcome", async () => received.some((m) => (m as { type: string }).type === "welcome"));
  });

  afterAll(() => impostor.close());

  it("a command to a node of another organisation never reaches this connection", async () => {
    const m1node = await nodeNamed(cookie, clusterId, "wcl1");
    await sendCommand({ nodeId: m1node?.id ?? "", type: "swarm.inspect", payload: {} });
    const theirs = (await testDb().query(`select id from "Command" where "nodeId" <> $1`, [other.node.id])).rows.map(
      (r: { id: string }) => r.id,
    );
    const got = received.filter((m) => (m as { type: string }).type === "command").map((m) => (m as { id: string }).id);
    expect(theirs.length).toBeGreaterThan(0);
    expect(got.filter((id) => theirs.includes(id))).toEqual([]);
  });

  it("answers to another node's command are ignored", async () => {
    const m2node = await nodeNamed(cookie, clusterId, "wcl2");
    const row = await testDb().query(
      `insert into "Command" (id, "orgId", "clusterId", "nodeId", type, payload, "idempotencyKey", status, "timeoutMs") select 'cmdimpostor' || floor(random()*1e9)::text, "orgId", "clusterId", id, 'swarm.inspect', '{}', 'impostor-test', 'PENDING', 600000 from "Node" where id = $1 returning id`,
      [m2node?.id],
    );
    const commandId = row.rows[0].id as string;
    impostor.send(JSON.stringify({ type: "result", commandId, ok: true, result: { forged: true } }));
    await new Promise((r) => setTimeout(r, 1000));
    const after = await testDb().query(`select status, result from "Command" where id = $1`, [commandId]);
    expect(after.rows[0]).toMatchObject({ status: "PENDING", result: null });
    await testDb().query(`delete from "Command" where id = $1`, [commandId]);
  });

  it("its own command does reach it", async () => {
    const pending = sendCommand({ nodeId: other.node.id, type: "swarm.leave", payload: { force: false }, timeoutMs: 5_000 }).catch(
      (e: Error) => e,
    );
    const command = await waitFor(
      "its command",
      async () => received.find((m) => (m as { command?: string }).command === "swarm.leave") as { id: string } | undefined,
    );
    impostor.send(JSON.stringify({ type: "result", commandId: command.id, ok: true, result: { left: false } }));
    expect(await pending).toEqual({ left: false });
  });
});

describe("removal, revocation and refused join tokens", () => {
  it("removing a live node makes it leave the swarm and stops its agent", async () => {
    const m2node = await nodeNamed(cookie, clusterId, "wcl2");
    expect((await call("DELETE", `/api/v1/nodes/${m2node?.id}`, { cookie })).status).toBe(200);
    expect(await (agents.m2 as Proc).exited).toBe(3);
    await waitFor("m2 out of the swarm", async () => (await engineInfo(m2.socketPath)).Swarm.LocalNodeState === "inactive", 30_000);
    await waitFor("manager lists one node", async () => (await swarmNodes(m1.socketPath)).length === 1, 30_000);
    expect(await nodeNamed(cookie, clusterId, "wcl2")).toBeUndefined();
  });

  // Finding 3 (issue 9): this used to bring the removed node back by itself (a join upserted by
  // machine id); now the join is refused until an admin allows the machine to join again.
  it("finding 3: the removed machine joins again only once an admin allows it, and gets its node back", async () => {
    const removed = (await testDb().query(`select id from "Node" where "clusterId" = $1 and hostname = 'wcl2'`, [clusterId])).rows[0] as {
      id: string;
    };
    const { token } = await joinToken("WORKER");
    stateDirs.m2b = tempDir("m2b");
    agents.m2 = startAgent({
      name: "m2-rejoin",
      url: GW_URL,
      token,
      stateDir: stateDirs.m2b,
      dockerSocket: m2.socketPath,
      advertiseAddr: m2.address,
    });
    await waitFor(
      "the join refused and recorded",
      async () => {
        const res = await call<{ items: Array<{ nodeId: string; state: string }> }>(
          "GET",
          `/api/v1/clusters/${clusterId}/rejoin-requests`,
          { cookie },
        );
        return res.json.items.some((r) => r.nodeId === removed.id && r.state === "removed");
      },
      30_000,
    );
    expect((agents.m2 as Proc).exitCode).toBeNull(); // it keeps asking
    // The gateway records the request before its answer reaches the agent's log.
    await waitFor(
      "the agent told why",
      async () => /was node wcl2 of cluster swarm-it and was removed/.test((agents.m2 as Proc).output()),
      10_000,
    );
    expect(await nodeNamed(cookie, clusterId, "wcl2")).toBeUndefined();
    expect((await call("POST", `/api/v1/nodes/${removed.id}/allow-rejoin`, { cookie })).status).toBe(200);
    const node = await waitFor(
      "m2 back and in the swarm",
      async () => {
        const n = await nodeNamed(cookie, clusterId, "wcl2");
        return n?.status === "READY" && n.swarmNodeId ? n : undefined;
      },
      60_000,
    );
    expect(node.id).toBe(removed.id);
    // The agent keeps no join token: the state dir holds the credential (and the log buffer's directory) only.
    expect(readdirSync(stateDirs.m2b).filter((name) => name !== "logs")).toEqual(["credential.json"]);
    expect(readFileSync(path.join(stateDirs.m2b, "credential.json"), "utf8")).not.toContain(token);
  });

  it("revoking a credential disconnects the agent at once, and it cannot reconnect", async () => {
    const node = await nodeNamed(cookie, clusterId, "wcl2");
    if (!node) throw new Error("wcl2 is not a node");
    const revokedAt = Date.now();
    expect((await call("POST", `/api/v1/nodes/${node.id}/revoke-credential`, { cookie })).status).toBe(200);
    expect(await (agents.m2 as Proc).exited).toBe(3);
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    const again = startAgent({ name: "m2-revoked", url: GW_URL, stateDir: stateDirs.m2b as string, dockerSocket: m2.socketPath });
    expect(await again.exited).toBe(3);
    expect(again.output()).toMatch(/revoked/i);
  });

  it("a wrong or expired join token is refused with a clear message", async () => {
    const wrong = startAgent({
      name: "wrong-token",
      url: GW_URL,
      token: "wharf_join_not-a-real-token-000000000",
      stateDir: tempDir("wrong"),
      dockerSocket: m1.socketPath,
    });
    expect(await wrong.exited).toBe(2);
    expect(wrong.output()).toMatch(/join token is not valid/i);
    const { token } = await joinToken("WORKER");
    await testDb().query(
      `update "JoinToken" set "expiresAt" = now() - interval '1 minute' where "tokenHash" = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
    const expired = startAgent({ name: "expired-token", url: GW_URL, token, stateDir: tempDir("expired"), dockerSocket: m1.socketPath });
    expect(await expired.exited).toBe(2);
    expect(expired.output()).toMatch(/expired/i);
  });
});
