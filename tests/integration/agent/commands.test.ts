// Every agent command handler against real Docker Engines: two netns "machines" (agt1 = manager at
// 10.77.0.12, agt2 = worker at 10.77.0.13) build a swarm through the agent's dispatcher, the same
// path commands from the gateway take. The host's engine is never put in a swarm here.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, type CommandPayload, type CommandResult, type CommandType } from "@/lib/protocol";
import { commandHandlers } from "@/agent/src/commands/command-handlers";
import { createDockerClient, type DockerClient } from "@/agent/src/docker/docker-client";
import { createInventoryCollector } from "@/agent/src/inventory/collect-inventory";
import { silentLogger } from "@/agent/src/log/logger";
import { createCommandDispatcher, type CommandDispatcher, type ResultMessage } from "@/agent/src/session/command-dispatcher";
import {
  dockerClient,
  ensureDockerEngine,
  ensureNetnsNode,
  removeNetnsNode,
  resetSwarm,
  type NetnsNode,
} from "@/tests/support/runtime/docker-env";
import { waitFor } from "../../support/wait-for";

type Agent = { node: NetnsNode; docker: DockerClient; dispatcher: CommandDispatcher; advertiseAddr: string };

const MANAGER = { name: "agt1", index: 11, gpus: 2 };
const WORKER = { name: "agt2", index: 12, gpus: 0 };

let manager: Agent;
let worker: Agent;

function agentFor(node: NetnsNode): Agent {
  const docker = createDockerClient(node.socketPath);
  return {
    node,
    docker,
    advertiseAddr: node.address,
    dispatcher: createCommandDispatcher({ handlers: commandHandlers, docker, advertiseAddr: node.address, log: silentLogger }),
  };
}

function send<T extends CommandType>(agent: Agent, type: T, payload: CommandPayload<T>, id: string = randomUUID()): Promise<ResultMessage> {
  return agent.dispatcher.dispatch({ type: "command", id, command: type, payload, timeoutMs: 60_000 });
}

async function run<T extends CommandType>(agent: Agent, type: T, payload: CommandPayload<T>, id?: string): Promise<CommandResult<T>> {
  const message = await send(agent, type, payload, id);
  if (!message.ok) throw new Error(`${type} on ${agent.node.name} failed: ${message.error?.code} ${message.error?.message}`);
  return COMMANDS[type].result.parse(message.result) as CommandResult<T>;
}

beforeAll(async () => {
  await ensureDockerEngine();
  const [managerNode, workerNode] = await Promise.all([
    ensureNetnsNode(MANAGER.name, MANAGER.index, { gpus: MANAGER.gpus }),
    ensureNetnsNode(WORKER.name, WORKER.index, { gpus: WORKER.gpus }),
  ]);
  // leftovers of an interrupted run
  await Promise.all([resetSwarm(managerNode.socketPath), resetSwarm(workerNode.socketPath)]);
  manager = agentFor(managerNode);
  worker = agentFor(workerNode);
});

afterAll(async () => {
  const nodes = [manager?.node, worker?.node].filter((node): node is NetnsNode => Boolean(node));
  await Promise.allSettled(nodes.map((node) => resetSwarm(node.socketPath)));
  await Promise.allSettled(nodes.map((node) => removeNetnsNode(node.name, { purge: true, managerSocketPath: null })));
});

describe("agent against real Docker engines", () => {
  let swarm: CommandResult<"swarm.init">;
  let workerNodeId: string;

  it("reports the engine's inventory, not the host's", async () => {
    const hostInfo = await dockerClient().info();
    const collect = (agent: Agent) =>
      createInventoryCollector({ docker: agent.docker, log: silentLogger, advertiseAddr: agent.advertiseAddr })();
    const [managerInventory, workerInventory] = await Promise.all([collect(manager), collect(worker)]);
    const engineVersion = await dockerClient(manager.node.socketPath).version();

    expect(managerInventory).toMatchObject({
      hostname: "agt1",
      cpu: { cores: os.cpus().length },
      memoryBytes: os.totalmem(),
      docker: { version: engineVersion.Version, apiVersion: engineVersion.ApiVersion, storageDriver: expect.any(String) },
      advertiseAddr: "10.77.0.12",
      swarm: { state: "inactive", nodeId: null, clusterId: null, isManager: false, managerAddrs: [], error: null },
    });
    expect(managerInventory.machineId).not.toBe(hostInfo.ID);
    expect(managerInventory.machineId).not.toBe(workerInventory.machineId);
    expect(managerInventory.docker.rootDir).toContain("/nodes/agt1/");
    expect(managerInventory.disk).toMatchObject({ path: managerInventory.docker.rootDir, totalBytes: expect.any(Number) });
    expect(managerInventory.disk?.freeBytes).toBeGreaterThan(0);
    expect(managerInventory.addresses).toContain("10.77.0.12");
    expect(managerInventory.gpus).toEqual([
      { index: 0, id: "GPU-0", model: "gpu", memoryBytes: null, source: "generic-resource" },
      { index: 1, id: "GPU-1", model: "gpu", memoryBytes: null, source: "generic-resource" },
    ]);
    expect(workerInventory).toMatchObject({ hostname: "agt2", gpus: [], advertiseAddr: "10.77.0.13" });
  });

  it("swarm.init makes agt1 a manager, and again answers the same swarm", async () => {
    swarm = await run(manager, "swarm.init", { advertiseAddr: manager.advertiseAddr });
    expect(swarm).toMatchObject({
      managerAddr: "10.77.0.12:2377",
      swarmId: expect.stringMatching(/^\w{25}$/),
      nodeId: expect.stringMatching(/^\w{25}$/),
    });
    expect(swarm.joinTokens.worker).toMatch(/^SWMTKN-1-/);
    expect(await run(manager, "swarm.init", {})).toEqual(swarm);
    const info = await dockerClient(manager.node.socketPath).info();
    expect(info.Swarm).toMatchObject({ LocalNodeState: "active", ControlAvailable: true, NodeID: swarm.nodeId });
  });

  it("swarm.join brings agt2 in as a worker; a repeat is a no-op", async () => {
    const payload = { remoteAddrs: [swarm.managerAddr], joinToken: swarm.joinTokens.worker, advertiseAddr: worker.advertiseAddr };
    const joined = await run(worker, "swarm.join", payload);
    expect(joined.nodeId).toMatch(/^\w{25}$/);
    expect(joined.swarmId).toBe(""); // Docker tells only managers the swarm ID
    expect(await run(worker, "swarm.join", payload)).toEqual(joined);
    workerNodeId = joined.nodeId;
    const wrongSwarm = await send(worker, "swarm.join", { ...payload, remoteAddrs: ["10.77.0.99:2377"] });
    expect(wrongSwarm).toMatchObject({ ok: false, error: { code: "ALREADY_IN_SWARM" } });
  });

  it("swarm.inspect on the manager shows both nodes; a worker cannot inspect", async () => {
    const result = await waitFor("agt2 ready", async () => {
      const inspected = await run(manager, "swarm.inspect", {});
      return inspected.nodes.find((n) => n.id === workerNodeId)?.state === "ready" ? inspected : null;
    });
    expect(result).toMatchObject({ swarmId: swarm.swarmId, managerAddr: "10.77.0.12:2377", joinTokens: swarm.joinTokens });
    expect(result.nodes).toEqual([
      { id: swarm.nodeId, hostname: "agt1", role: "manager", availability: "active", state: "ready", labels: {}, leader: true },
      { id: workerNodeId, hostname: "agt2", role: "worker", availability: "active", state: "ready", labels: {}, leader: false },
    ]);
    expect(await send(worker, "swarm.inspect", {})).toMatchObject({ ok: false, error: { code: "NOT_A_MANAGER" } });
  });

  it("node.update sets labels and drains; a repeat writes nothing", async () => {
    const payload = { swarmNodeId: workerNodeId, labels: { zone: "eu-1", "wharf.edge": "true" }, availability: "drain" } as const;
    const first = await run(manager, "node.update", payload);
    const again = await run(manager, "node.update", payload);
    expect(again.version).toBe(first.version);
    const node = await dockerClient(manager.node.socketPath).getNode(workerNodeId).inspect();
    expect(node.Spec).toMatchObject({ Labels: { zone: "eu-1", "wharf.edge": "true" }, Availability: "drain", Role: "worker" });
    // labels are the complete set: one left out is removed
    await run(manager, "node.update", { swarmNodeId: workerNodeId, labels: { zone: "eu-2" }, availability: "active" });
    const updated = await dockerClient(manager.node.socketPath).getNode(workerNodeId).inspect();
    expect(updated.Spec).toMatchObject({ Labels: { zone: "eu-2" }, Availability: "active" });
  });

  it("node.update promotes and demotes", async () => {
    await run(manager, "node.update", { swarmNodeId: workerNodeId, role: "manager" });
    const promoted = await waitFor("agt2 a reachable manager", async () => {
      const inspected = await run(manager, "swarm.inspect", {});
      const node = inspected.nodes.find((n) => n.id === workerNodeId);
      const info = await worker.docker.info();
      return node?.role === "manager" && info.Swarm.ControlAvailable ? inspected : null;
    });
    expect(promoted.nodes.filter((n) => n.role === "manager")).toHaveLength(2);
    // agt2 is a manager now: it answers swarm.inspect for the same swarm
    expect((await run(worker, "swarm.inspect", {})).swarmId).toBe(swarm.swarmId);

    await run(manager, "node.update", { swarmNodeId: workerNodeId, role: "worker" });
    await waitFor("agt2 a worker again", async () => !(await worker.docker.info()).Swarm.ControlAvailable);
    const inspected = await run(manager, "swarm.inspect", {});
    expect(inspected.nodes.find((n) => n.id === workerNodeId)).toMatchObject({ role: "worker", labels: { zone: "eu-2" } });
  });

  it("a repeated command id returns the stored result without running again", async () => {
    const id = randomUUID();
    const first = await send(manager, "node.update", { swarmNodeId: workerNodeId, labels: { zone: "eu-3" } }, id);
    // same id, different payload: still the stored answer, and the engine keeps eu-3
    const repeat = await send(manager, "node.update", { swarmNodeId: workerNodeId, labels: { zone: "never" } }, id);
    expect(repeat).toEqual(first);
    const node = await dockerClient(manager.node.socketPath).getNode(workerNodeId).inspect();
    expect(node.Spec.Labels).toEqual({ zone: "eu-3" });
  });

  it("swarm.leave on the worker, then node.remove on the manager; both idempotent", async () => {
    expect(await run(worker, "swarm.leave", { force: false })).toEqual({ left: true });
    expect(await run(worker, "swarm.leave", {})).toEqual({ left: false });
    // the manager marks a departed node down only after ~10 s, and refuses to remove it before
    // without force; the error says why (unless the node is already down)
    const gentle = await send(manager, "node.remove", { swarmNodeId: workerNodeId });
    if (gentle.ok) expect(gentle.result).toEqual({ removed: true });
    else {
      expect(gentle.error).toMatchObject({ code: "DOCKER_ERROR", message: expect.stringMatching(/not down/) });
      expect(await run(manager, "node.remove", { swarmNodeId: workerNodeId, force: true })).toEqual({ removed: true });
    }
    expect(await run(manager, "node.remove", { swarmNodeId: workerNodeId })).toEqual({ removed: false });
    expect((await run(manager, "swarm.inspect", {})).nodes.map((n) => n.hostname)).toEqual(["agt1"]);
    expect(await send(manager, "node.update", { swarmNodeId: workerNodeId, labels: {} })).toMatchObject({
      ok: false,
      error: { code: "NODE_NOT_FOUND" },
    });
  });

  it("the manager's inventory shows the swarm, and it leaves only with force", async () => {
    const inventory = await createInventoryCollector({ docker: manager.docker, log: silentLogger, advertiseAddr: manager.advertiseAddr })();
    expect(inventory.swarm).toEqual({
      state: "active",
      nodeId: swarm.nodeId,
      clusterId: swarm.swarmId,
      isManager: true,
      managerAddrs: ["10.77.0.12:2377"],
      nodeAddr: "10.77.0.12",
      error: null,
    });
    const refused = await send(manager, "swarm.leave", { force: false });
    expect(refused).toMatchObject({ ok: false, error: { code: "DOCKER_ERROR", message: expect.stringContaining("manager") } });
    expect(await run(manager, "swarm.leave", { force: true })).toEqual({ left: true });
    expect((await manager.docker.info()).Swarm.LocalNodeState).toBe("inactive");
  });
});
