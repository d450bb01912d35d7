/**
 * A real Wharf cluster for application tests: the gateway and worker processes, Docker engines in
 * network namespaces (separate "machines") with their agents, joined into one swarm through the
 * API, with the offline test images loaded into every engine.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { ensureDockerEngine, ensureNetnsNode, ensureTestImages, removeNetnsNode, resetSwarm, type NetnsNode } from "../runtime/docker-env";
import { call } from "./client";
import { nodeNamed } from "./cluster-nodes";
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
} from "./processes";

export type SwarmCluster = {
  clusterId: string;
  machines: NetnsNode[];
  agents: Proc[];
  /** Each agent's state directory (same order as machines), to restart an agent as the same node. */
  stateDirs: string[];
  /** The control-plane processes, replaceable by tests that kill and restart them. */
  processes: { gateway: Proc; worker: Proc };
  gatewayPort: number;
  stop: () => Promise<void>;
};

type NodeRow = { hostname: string; status: string; swarmNodeId: string | null };

/** The hosted registry of the integration stage: loopback for pushes, the bridge for the machines. */
export const TEST_REGISTRY = {
  push: (process.env.REGISTRY_LISTEN ?? "127.0.0.1:5391").split(",").find((a) => a.startsWith("127.")) ?? "127.0.0.1:5391",
  pull: (process.env.REGISTRY_LISTEN ?? "").split(",").find((a) => a.startsWith("10.77.0.1:")) ?? "10.77.0.1:5391",
};

export type SwarmClusterOptions = {
  cookie: string;
  machines: Array<{ name: string; index: number; gpus?: number }>;
  name: string;
  /** Where the agents connect (default the gateway itself; the fault suite puts a proxy it can cut between them). */
  agentUrl?: string;
};

/** The usual test cluster: two machines, `<prefix>1` (the manager) and `<prefix>2`, on consecutive network indices. */
export function twoMachines(prefix: string, firstIndex: number): SwarmClusterOptions["machines"] {
  return [
    { name: `${prefix}1`, index: firstIndex },
    { name: `${prefix}2`, index: firstIndex + 1 },
  ];
}

export async function startSwarmCluster({ cookie, machines: wanted, name, agentUrl }: SwarmClusterOptions): Promise<SwarmCluster> {
  const port = Number(process.env.GATEWAY_PORT ?? 3291);
  await ensureDockerEngine();
  await ensureTestImages();
  // Machines pull from the hosted registry on the bridge (plain HTTP, like any private registry here).
  const machines = await Promise.all(
    wanted.map((m) =>
      ensureNetnsNode(m.name, m.index, {
        ...(m.gpus ? { gpus: m.gpus } : {}),
        extraDockerdArgs: `--insecure-registry ${TEST_REGISTRY.pull}`,
      }),
    ),
  );
  await Promise.all(machines.map((m) => resetSwarm(m.socketPath)));
  if (!existsSync(AGENT_BUNDLE)) execFileSync(process.execPath, [path.join(ROOT, "agent/build.mjs"), "--quiet"]);
  const processes = { gateway: startGateway(port), worker: startWorker({ WORKER_LOCK_SECONDS: "5" }) };
  await waitFor("the gateway", () => gatewayHealthy(port));
  const cluster = await call<{ id: string }>("POST", "/api/v1/clusters", { cookie, body: { name } });
  expect(cluster.status, cluster.text).toBe(201);
  const agents: Proc[] = [];
  const stateDirs: string[] = [];
  for (const [i, m] of machines.entries()) {
    const token = await call<{ token: string }>("POST", `/api/v1/clusters/${cluster.json.id}/join-tokens`, {
      cookie,
      body: { role: i === 0 ? "MANAGER" : "WORKER" },
    });
    // Short, under /tmp: HAProxy's sockets live in it, and a Unix socket path has at most 107 bytes.
    const stateDir = mkdtempSync(path.join(os.tmpdir(), `wharf-agent-${m.name}-`));
    stateDirs.push(stateDir);
    agents.push(
      startAgent({
        name: m.name,
        url: agentUrl ?? `http://127.0.0.1:${port}`,
        token: token.json.token,
        stateDir,
        dockerSocket: m.socketPath,
        advertiseAddr: m.address,
      }),
    );
    // Join one at a time: the first machine initialises the swarm the others join.
    await waitFor(
      `${m.name} in the swarm`,
      async () => {
        const node = await nodeNamed(cookie, cluster.json.id, m.name);
        return node?.status === "READY" && node.swarmNodeId !== null;
      },
      90_000,
    );
  }
  const result: SwarmCluster = {
    clusterId: cluster.json.id,
    machines,
    agents,
    stateDirs,
    processes,
    gatewayPort: port,
    stop: async () => {
      // The machines' agents go first, while the gateway still runs: it records each disconnect and
      // the nodes turn Unreachable at once. Stopped together with the gateway, they stay Ready in the
      // shared database for NODE_UNREACHABLE_SECONDS, and the next file's workers spend a command's
      // timeout on each of this cluster's applications.
      await Promise.all(result.agents.map((a) => stopProcess(a, "SIGTERM", 10_000)));
      await waitFor(
        "the nodes recorded as disconnected",
        async () => {
          const nodes = await call<{ items: NodeRow[] }>("GET", `/api/v1/clusters/${result.clusterId}/nodes`, { cookie });
          return nodes.status !== 200 || !nodes.json.items.some((n) => n.status === "READY");
        },
        5_000,
        200,
      ).catch(() => undefined); // a gateway a test killed records nothing: the sweep will
      await stopAll();
      await Promise.all(machines.map((m) => resetSwarm(m.socketPath).catch(() => undefined)));
      await Promise.all(machines.map((m) => removeNetnsNode(m.name).catch(() => undefined)));
    },
  };
  return result;
}
