// The application commands (networks, secrets, configs, services, status, logs, volumes, prune)
// against real Docker Engines: two netns "machines", aps1 (manager, 10.77.0.42) and aps2 (worker,
// 10.77.0.43), with the local-only test images loaded. Every command runs twice to show it is
// idempotent. The engines run with --debug, so their logs list every Engine API call: the test
// proves from them that the agent never asked an engine to resolve or pull an image. Traffic
// goes only to the nodes' bridge addresses; the host's engine is never put in a swarm.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceStatus, TaskInfo } from "@/lib/protocol";
import { createInventoryCollector } from "@/agent/src/inventory/collect-inventory";
import { inventoryHash } from "@/agent/src/inventory/inventory-hash";
import { silentLogger } from "@/agent/src/log/logger";
import type { StreamMessage } from "@/agent/src/streams/stream-hub";
import { execOutput } from "@/tests/support/runtime/container-exec";
import {
  dockerClient,
  ensureDockerEngine,
  ensureNetnsNode,
  ensureTestImages,
  removeNetnsNode,
  resetSwarm,
  TEST_IMAGES,
  type NetnsNode,
} from "@/tests/support/runtime/docker-env";
import { waitFor } from "../../support/wait-for";
import { run, send, testAgent, twice, type TestAgent } from "./support/agent-harness";

const MANAGER = { name: "aps1", index: 41 };
const WORKER = { name: "aps2", index: 42 };
const APP = { "wharf.app": "aps-test", "wharf.test": "agent-app-commands" };
const SECRET_TEXT = `s3cr3t-${randomUUID()}`;
const SECRET_BASE64 = Buffer.from(SECRET_TEXT).toString("base64");
const CONFIG_TEXT = "greeting=hello from a config\n";
const SERVICE = "aps-web";

let manager: TestAgent;
let worker: TestAgent;
const addressOf = new Map<string, string>(); // swarm node id → bridge address

function webSpec(image: string, replicas: number): Record<string, unknown> {
  return {
    Name: SERVICE,
    Labels: { ...APP, "wharf.service": "web" },
    TaskTemplate: {
      ContainerSpec: {
        Image: image,
        Labels: { ...APP },
        StopGracePeriod: 2_000_000_000,
        Secrets: [{ File: { Name: "app_secret", UID: "0", GID: "0", Mode: 0o444 }, SecretName: "aps-secret" }],
        Configs: [{ File: { Name: "/app/config.txt", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: "aps-config" }],
        // naming the driver spares the engine probing every volume plugin it knows (slow when one is dead)
        Mounts: [
          { Type: "volume", Source: "aps-data", Target: "/data", VolumeOptions: { Labels: { ...APP }, DriverConfig: { Name: "local" } } },
        ],
      },
      Resources: { Limits: {}, Reservations: {} },
      Placement: { Constraints: [], Preferences: [] },
      Networks: [{ Target: "aps-net", Aliases: ["web"] }],
      RestartPolicy: { Condition: "any", Delay: 1_000_000_000 },
    },
    Mode: { Replicated: { Replicas: replicas } },
    UpdateConfig: { Parallelism: 1, Delay: 0, FailureAction: "pause", Monitor: 1_000_000_000, MaxFailureRatio: 0, Order: "stop-first" },
    EndpointSpec: { Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 3000, PublishMode: "host" }] },
  };
}

async function webStatus(): Promise<{ service: ServiceStatus | undefined; tasks: TaskInfo[] }> {
  const status = await run(manager, "services.status", { labels: APP });
  return { service: status.services.find((s) => s.name === SERVICE), tasks: status.tasks };
}

/** Waits until `count` tasks of `image` run and the service is not mid-update; returns them. */
async function runningTasks(image: string, count: number, timeoutMs = 60_000): Promise<TaskInfo[]> {
  return waitFor(
    `${count} running tasks of ${image}`,
    async () => {
      const { service, tasks } = await webStatus();
      const running = tasks.filter((t) => t.desiredState === "running" && t.state === "running");
      const settled = service?.updateStatus === null || service?.updateStatus.state === "completed";
      return service && settled && service.runningTasks === count && running.length === count && running.every((t) => t.image === image)
        ? running
        : null;
    },
    timeoutMs,
    250,
  );
}

async function httpGet(task: TaskInfo, urlPath = "/"): Promise<string> {
  const address = addressOf.get(task.nodeId ?? "");
  const port = task.ports.find((p) => p.target === 3000)?.published;
  if (!address || !port) throw new Error(`task ${task.id} has no published address (${address}:${port})`);
  const response = await fetch(`http://${address}:${port}${urlPath}`, { signal: AbortSignal.timeout(5_000) });
  return (await response.text()).trim();
}

function streamOf(agent: TestAgent, streamId: string): StreamMessage[] {
  return agent.streams.filter((m) => m.streamId === streamId);
}

async function engineLog(node: NetnsNode): Promise<string> {
  return readFile(path.join(path.dirname(node.socketPath), "dockerd.log"), "utf8");
}

beforeAll(async () => {
  await ensureDockerEngine();
  // fresh engines with --debug (API calls in their logs); leftovers of an interrupted run go first
  await Promise.all([MANAGER, WORKER].map((n) => removeNetnsNode(n.name, { purge: true, managerSocketPath: null })));
  const [managerNode, workerNode] = await Promise.all([
    ensureNetnsNode(MANAGER.name, MANAGER.index, { extraDockerdArgs: "--debug" }),
    ensureNetnsNode(WORKER.name, WORKER.index, { extraDockerdArgs: "--debug" }),
  ]);
  await ensureTestImages({ loadInto: [managerNode.socketPath, workerNode.socketPath] });
  manager = testAgent(managerNode);
  worker = testAgent(workerNode);
  const swarm = await run(manager, "swarm.init", { advertiseAddr: managerNode.address, listenAddr: `${managerNode.address}:2377` });
  await run(worker, "swarm.join", {
    remoteAddrs: [swarm.managerAddr],
    joinToken: swarm.joinTokens.worker,
    advertiseAddr: workerNode.address,
    listenAddr: `${workerNode.address}:2377`,
  });
  const nodes = await waitFor("both nodes ready", async () => {
    const inspected = await run(manager, "swarm.inspect", {});
    return inspected.nodes.length === 2 && inspected.nodes.every((n) => n.state === "ready") ? inspected.nodes : null;
  });
  for (const node of nodes) addressOf.set(node.id, node.hostname === MANAGER.name ? managerNode.address : workerNode.address);
});

afterAll(async () => {
  for (const agent of [manager, worker]) agent?.dispatcher.streams.closeAll();
  const nodes = [manager?.node, worker?.node].filter((node): node is NetnsNode => Boolean(node));
  await Promise.allSettled(nodes.map((node) => resetSwarm(node.socketPath)));
  await Promise.allSettled(nodes.map((node) => removeNetnsNode(node.name, { purge: true, managerSocketPath: null })));
});

describe("application commands against real engines", () => {
  let networkId: string;
  let firstTasks: TaskInfo[];

  it("network.ensure creates an attachable, labelled overlay once", async () => {
    const [created, again] = await twice(manager, "network.ensure", { name: "aps-net", labels: APP });
    expect(created).toEqual({ id: expect.stringMatching(/^\w{25}$/), created: true });
    expect(again).toEqual({ id: created.id, created: false });
    networkId = created.id;
    // a swarm network shows an empty driver until the manager's allocator has run: wait for it
    const network = await waitFor("the network allocated", async () => {
      const inspected = await dockerClient(manager.node.socketPath).getNetwork(networkId).inspect();
      return inspected.Driver ? inspected : null;
    });
    expect(network).toMatchObject({ Name: "aps-net", Driver: "overlay", Scope: "swarm", Attachable: true, Labels: APP });
    // a worker cannot create swarm networks: a clear code, not a crash
    expect(await send(worker, "network.ensure", { name: "aps-other", labels: APP })).toMatchObject({
      ok: false,
      error: { code: "NOT_A_MANAGER" },
    });
  });

  it("secret.ensure and config.ensure create once; the secret never reaches a log or a result", async () => {
    const [secret, secretAgain] = await twice(manager, "secret.ensure", { name: "aps-secret", dataBase64: SECRET_BASE64, labels: APP });
    expect(secret).toEqual({ id: expect.stringMatching(/^\w{25}$/), created: true });
    expect(secretAgain).toEqual({ id: secret.id, created: false });
    const [config, configAgain] = await twice(manager, "config.ensure", {
      name: "aps-config",
      dataBase64: Buffer.from(CONFIG_TEXT).toString("base64"),
      labels: APP,
    });
    expect(config.created).toBe(true);
    expect(configAgain).toEqual({ id: config.id, created: false });
    const invalid = await send(manager, "secret.ensure", { name: "aps-bad", dataBase64: `${SECRET_TEXT}!!`, labels: APP });
    expect(invalid).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
    expect(JSON.stringify(invalid)).not.toContain(SECRET_TEXT);
    const logs = manager.logLines.join("\n");
    expect(logs).toContain('"msg":"secret created"');
    expect(logs).not.toContain(SECRET_TEXT);
    expect(logs).not.toContain(SECRET_BASE64);
  });

  it("service.apply creates a 2-replica service of a local-only image; tasks run on both nodes at once", async () => {
    const started = Date.now();
    const created = await run(manager, "service.apply", { spec: webSpec(TEST_IMAGES.nodeAppV1, 2) });
    expect(created).toEqual({
      id: expect.stringMatching(/^\w{25}$/),
      version: expect.any(Number),
      created: true,
      updated: false,
      warnings: [],
    });
    firstTasks = await runningTasks(TEST_IMAGES.nodeAppV1, 2);
    // Tests do not assert wall-clock speed; that no Docker Hub lookup happened is shown below by
    // the image reference kept exactly as given (a resolved one would carry a digest).
    const startMs = Date.now() - started;
    expect(new Set(firstTasks.map((t) => t.nodeId)).size).toBe(2);
    const { service } = await webStatus();
    // the image reference is kept exactly as given: no digest was resolved, and Docker added no labels
    expect(service).toMatchObject({
      image: TEST_IMAGES.nodeAppV1,
      mode: "replicated",
      replicas: 2,
      runningTasks: 2,
      desiredTasks: 2,
      labels: { ...APP, "wharf.service": "web" },
    });
    expect(service?.spec).toMatchObject({
      Labels: { ...APP, "wharf.service": "web" },
      TaskTemplate: { ContainerSpec: { Image: TEST_IMAGES.nodeAppV1 } },
    });
    console.info(`[aps] 2 tasks of a local-only image running ${startMs} ms after service.apply`);
  });

  it("the service answers over HTTP on each node's published host port, with the secret and config mounted", async () => {
    for (const task of firstTasks) {
      expect(task.ports).toEqual([{ published: expect.any(Number), target: 3000, protocol: "tcp" }]);
      expect(await httpGet(task)).toMatch(/^v1 \w+$/);
    }
    const onManager = firstTasks.find((t) => addressOf.get(t.nodeId ?? "") === manager.node.address);
    const container = dockerClient(manager.node.socketPath).getContainer(onManager?.containerId ?? "missing");
    const output = await execOutput(container, ["cat", "/run/secrets/app_secret", "/app/config.txt"]);
    expect(output).toContain(SECRET_TEXT);
    expect(output).toContain(CONFIG_TEXT.trim());
  });

  it("applying the same spec again writes nothing", async () => {
    const before = (await webStatus()).service;
    const again = await run(manager, "service.apply", { spec: webSpec(TEST_IMAGES.nodeAppV1, 2) });
    expect(again).toEqual({ id: before?.id, version: before?.version, created: false, updated: false, warnings: [] });
  });

  it("service.apply rolls the service over to node-app:2", async () => {
    const updated = await run(manager, "service.apply", { spec: webSpec(TEST_IMAGES.nodeAppV2, 2) });
    expect(updated).toMatchObject({ created: false, updated: true, warnings: [] });
    const tasks = await runningTasks(TEST_IMAGES.nodeAppV2, 2);
    const { service, tasks: all } = await webStatus();
    expect(service).toMatchObject({ image: TEST_IMAGES.nodeAppV2, runningTasks: 2, desiredTasks: 2, updateStatus: { state: "completed" } });
    // the old generation is still listed, shut down, newest first within each slot
    expect(all.filter((t) => t.image === TEST_IMAGES.nodeAppV1).every((t) => t.desiredState === "shutdown")).toBe(true);
    for (const task of tasks) expect(await httpGet(task)).toMatch(/^v2 \w+$/);
    expect((await run(manager, "service.apply", { spec: webSpec(TEST_IMAGES.nodeAppV2, 2) })).updated).toBe(false);
  });

  it("service.apply scales to 3 replicas, and forceUpdate restarts every task", async () => {
    expect((await run(manager, "service.apply", { spec: webSpec(TEST_IMAGES.nodeAppV2, 3) })).updated).toBe(true);
    const before = await runningTasks(TEST_IMAGES.nodeAppV2, 3);
    const forced = await run(manager, "service.apply", { spec: webSpec(TEST_IMAGES.nodeAppV2, 3), forceUpdate: true });
    expect(forced).toMatchObject({ updated: true });
    const oldIds = new Set(before.map((t) => t.id));
    const after = await waitFor(
      "3 new tasks",
      async () => {
        const tasks = await runningTasks(TEST_IMAGES.nodeAppV2, 3);
        return tasks.every((t) => !oldIds.has(t.id)) ? tasks : null;
      },
      90_000,
      500,
    );
    expect(after).toHaveLength(3);
    const { service, tasks } = await webStatus();
    expect(service?.spec).toMatchObject({ TaskTemplate: { ForceUpdate: 1 } });
    const perSlot = new Map<number, number>();
    for (const task of tasks) perSlot.set(task.slot ?? -1, (perSlot.get(task.slot ?? -1) ?? 0) + 1);
    expect(Math.max(...perSlot.values())).toBeLessThanOrEqual(10);
  });

  it("logs.start streams the tail and then new lines; logs.stop ends the stream", async () => {
    const streamId = `aps-follow-${randomUUID().slice(0, 8)}`;
    const [started, repeated] = await twice(manager, "logs.start", { streamId, service: SERVICE, tail: 20, follow: true });
    expect(started).toEqual({ started: true });
    expect(repeated).toEqual({ started: false });
    // the stream runs on its own: no command is held open by it
    expect(manager.dispatcher.inFlight).toBe(0);
    expect(manager.dispatcher.streams.size).toBe(1);
    await waitFor("tail lines", async () =>
      streamOf(manager, streamId).some((m) => m.lines.some((l) => l.text.startsWith("listening on 3000"))),
    );

    const { tasks } = await webStatus();
    const running = tasks.filter((t) => t.desiredState === "running" && t.state === "running");
    const marker = `/marker-${randomUUID()}`;
    expect(await httpGet(running[0] as TaskInfo, marker)).toMatch(/^v2 /);
    const line = await waitFor("the request's log line", async () =>
      streamOf(manager, streamId)
        .flatMap((m) => m.lines)
        .find((l) => l.text.includes(`GET ${marker} 200`)),
    );
    expect(line).toMatchObject({ stream: "stdout", task: running[0]?.id });
    expect(Date.parse(line.ts)).toBeGreaterThan(Date.now() - 60_000);

    expect(await twice(manager, "logs.stop", { streamId })).toEqual([{ stopped: true }, { stopped: false }]);
    const last = streamOf(manager, streamId).at(-1);
    expect(last).toMatchObject({ ended: true });
    expect(last?.error).toBeUndefined();
    expect(manager.dispatcher.streams.size).toBe(0);
  });

  it("logs.start without follow sends the tail and ends by itself", async () => {
    const streamId = `aps-tail-${randomUUID().slice(0, 8)}`;
    expect(await run(manager, "logs.start", { streamId, service: SERVICE, tail: 2, follow: false })).toEqual({ started: true });
    await waitFor("the end of the stream", async () => streamOf(manager, streamId).some((m) => m.ended));
    const lines = streamOf(manager, streamId).flatMap((m) => m.lines);
    expect(lines.length).toBeGreaterThan(0);
    expect(streamOf(manager, streamId).filter((m) => m.ended)).toHaveLength(1);
    expect(await send(manager, "logs.start", { streamId: "aps-missing-1", service: "aps-nope" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
  });

  it("services.status selects by all labels", async () => {
    expect((await run(manager, "services.status", { labels: { ...APP, "wharf.service": "web" } })).services).toHaveLength(1);
    expect(await run(manager, "services.status", { labels: { ...APP, "wharf.service": "db" } })).toEqual({ services: [], tasks: [] });
  });

  it("objects in use are not removed, with a clear reason", async () => {
    expect(await send(manager, "network.remove", { name: "aps-net" })).toMatchObject({
      ok: false,
      error: { code: "IN_USE", message: expect.stringContaining("in use by service") },
    });
    expect(await send(manager, "secret.remove", { name: "aps-secret" })).toMatchObject({
      ok: false,
      error: { code: "IN_USE", message: expect.stringContaining(SERVICE) },
    });
    const volumes = await run(worker, "volumes.remove", { labels: APP });
    expect(volumes).toEqual({ removed: [], failed: [{ name: "aps-data", error: expect.stringContaining("in use") }] });
  });

  it("app.prune removes the application's objects except the ones to keep", async () => {
    await run(manager, "secret.ensure", { name: "aps-secret-old", dataBase64: SECRET_BASE64, labels: APP });
    await run(manager, "config.ensure", { name: "aps-config-old", dataBase64: SECRET_BASE64, labels: APP });
    const keep = { secrets: ["aps-secret"], configs: ["aps-config"], networks: ["aps-net"] };
    const [pruned, again] = await twice(manager, "app.prune", { labels: APP, keep });
    expect(pruned).toEqual({ removed: { secrets: ["aps-secret-old"], configs: ["aps-config-old"], networks: [] }, failed: [] });
    expect(again).toEqual({ removed: { secrets: [], configs: [], networks: [] }, failed: [] });
  });

  it("a followed log stream ends when its service is removed; service.remove is idempotent", async () => {
    const streamId = `aps-removal-${randomUUID().slice(0, 8)}`;
    expect(await run(manager, "logs.start", { streamId, service: SERVICE, tail: 0, follow: true })).toEqual({ started: true });
    expect(await twice(manager, "service.remove", { name: SERVICE })).toEqual([{ removed: true }, { removed: false }]);
    await waitFor("the stream's end", async () => streamOf(manager, streamId).some((m) => m.ended), 15_000);
    expect(manager.dispatcher.streams.size).toBe(0);
  });

  it("network.remove, secret.remove and config.remove remove once", async () => {
    expect(await twice(manager, "network.remove", { name: "aps-net" })).toEqual([{ removed: true }, { removed: false }]);
    expect(await twice(manager, "secret.remove", { name: "aps-secret" })).toEqual([{ removed: true }, { removed: false }]);
    expect(await twice(manager, "config.remove", { name: "aps-config" })).toEqual([{ removed: true }, { removed: false }]);
    expect(await run(manager, "app.prune", { labels: APP, keep: { secrets: [], configs: [], networks: [] } })).toEqual({
      removed: { secrets: [], configs: [], networks: [] },
      failed: [],
    });
  });

  it("volumes.remove removes the app's volume on each node once its containers are gone", async () => {
    for (const agent of [manager, worker]) {
      const first = await waitFor(
        `aps-data removable on ${agent.node.name}`,
        async () => {
          const result = await run(agent, "volumes.remove", { labels: APP });
          return result.failed.length === 0 ? result : null;
        },
        90_000,
        500,
      );
      expect(first).toEqual({ removed: ["aps-data"], failed: [] });
      expect(await run(agent, "volumes.remove", { labels: APP })).toEqual({ removed: [], failed: [] });
    }
    expect(await send(worker, "volumes.remove", { labels: {} })).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
  });

  it("the inventory lists the engine's image repositories, and its hash is stable", async () => {
    const collect = createInventoryCollector({ docker: worker.docker, log: silentLogger, advertiseAddr: worker.node.address });
    const [first, second] = [await collect(), await collect()];
    expect(first.images).toEqual(expect.arrayContaining(["wharf-test/busybox", "wharf-test/node-app"]));
    expect(first.images).toEqual([...new Set(first.images)].sort());
    expect(inventoryHash(second)).toBe(inventoryHash(first));
  });

  it("no engine was ever asked to resolve or pull an image, and no lookup left a node", async () => {
    for (const node of [manager.node, worker.node]) {
      const log = await engineLog(node);
      const apiCalls = log.split("\n").filter((line) => line.includes("Calling "));
      expect(apiCalls.some((line) => line.includes("/services/create"))).toBe(node === manager.node);
      expect(apiCalls.filter((line) => /\/distribution\/|\/images\/create/.test(line))).toEqual([]);
      // Docker's task executor still tries its own pull of a tag reference before it starts a
      // task (swarmkit behaviour the Engine API cannot turn off per service). On these nodes the
      // lookup of registry-1.docker.io fails on the node's loopback resolver: nothing leaves.
      const hubAttempts = log.split("\n").filter((line) => line.includes("pulling image failed"));
      for (const attempt of hubAttempts) expect(attempt).toMatch(/lookup registry-1\.docker\.io on 127\.0\.0\.1:53: .*connection refused/);
      console.info(
        `[aps] ${node.name}: ${apiCalls.length} API calls, none to /distribution or /images/create; ${hubAttempts.length} executor pull attempts, all refused on the node's loopback DNS`,
      );
    }
  });
});
