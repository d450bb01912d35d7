import { describe, expect, it } from "vitest";
import { silentLogger } from "../log/logger";
import { StreamHub } from "../streams/stream-hub";
import { baseEngineInfo, createFakeDocker, fakeNode } from "../testing/fake-docker-client";
import { CommandError } from "./command-error";
import { nodeRemove } from "./node-remove";
import { nodeUpdate } from "./node-update";
import { swarmInit } from "./swarm-init";
import { swarmInspect } from "./swarm-inspect";
import { swarmJoin } from "./swarm-join";
import { swarmLeave } from "./swarm-leave";
import type { CommandContext } from "./types";

function setup(advertiseAddr: string | null = null) {
  const { docker, engine } = createFakeDocker(baseEngineInfo({ Name: "mgr" }));
  const context: CommandContext = {
    docker,
    advertiseAddr,
    log: silentLogger,
    signal: new AbortController().signal,
    streams: new StreamHub(),
  };
  return { engine, context };
}

async function failure(promise: Promise<unknown>): Promise<CommandError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof CommandError)) throw new Error(`expected a CommandError, got ${String(error)}`);
  return error;
}

describe("swarm.init", () => {
  it("initialises once and answers the same swarm on repeat", async () => {
    const { engine, context } = setup("10.0.0.7");
    const first = await swarmInit({}, context);
    const second = await swarmInit({ advertiseAddr: "10.9.9.9" }, context);
    expect(first).toEqual({
      swarmId: "swarm-1",
      nodeId: "node-1",
      managerAddr: "10.0.0.7:2377",
      joinTokens: { worker: "SWMTKN-1-abc123-worker", manager: "SWMTKN-1-abc123-manager" },
    });
    expect(second).toEqual(first);
    expect(engine.calls).toEqual(["initSwarm:10.0.0.7"]);
  });

  it("refuses on an engine that is a worker elsewhere", async () => {
    const { engine, context } = setup();
    engine.info.Swarm = {
      ...engine.info.Swarm,
      LocalNodeState: "active",
      NodeID: "w1",
      RemoteManagers: [{ NodeID: "m", Addr: "10.1.1.1:2377" }],
    };
    expect((await failure(swarmInit({}, context))).code).toBe("ALREADY_IN_SWARM");
  });

  it("refuses on a locked swarm", async () => {
    const { engine, context } = setup();
    engine.info.Swarm.LocalNodeState = "locked";
    expect((await failure(swarmInit({}, context))).code).toBe("SWARM_LOCKED");
  });
});

describe("swarm.join", () => {
  const payload = { remoteAddrs: ["10.0.0.1"], joinToken: "SWMTKN-1-abc-def" };

  it("joins once; a repeat finds it already in that swarm", async () => {
    const { engine, context } = setup();
    const first = await swarmJoin(payload, context);
    const second = await swarmJoin({ ...payload, remoteAddrs: ["10.0.0.1:2377"] }, context);
    expect(first).toEqual({ nodeId: "node-2", swarmId: "" });
    expect(second).toEqual(first);
    expect(engine.calls).toEqual(["joinSwarm:10.0.0.1"]);
  });

  it("refuses when the engine is in another swarm", async () => {
    const { context } = setup();
    await swarmJoin(payload, context);
    expect((await failure(swarmJoin({ ...payload, remoteAddrs: ["10.5.5.5:2377"] }, context))).code).toBe("ALREADY_IN_SWARM");
  });
});

describe("swarm.leave", () => {
  it("leaves, then is a no-op", async () => {
    const { context } = setup();
    await swarmInit({}, context);
    expect(await swarmLeave({ force: true }, context)).toEqual({ left: true });
    expect(await swarmLeave({ force: true }, context)).toEqual({ left: false });
  });
});

describe("swarm.inspect", () => {
  it("lists the nodes on a manager", async () => {
    const { engine, context } = setup("10.0.0.7");
    await swarmInit({}, context);
    engine.nodes.push(fakeNode("node-2", "a-worker", { Labels: { zone: "b" } }));
    const result = await swarmInspect({}, context);
    expect(result.managerAddr).toBe("10.0.0.7:2377");
    expect(result.nodes).toEqual([
      { id: "node-2", hostname: "a-worker", role: "worker", availability: "active", state: "ready", labels: { zone: "b" }, leader: false },
      { id: "node-1", hostname: "mgr", role: "manager", availability: "active", state: "ready", labels: {}, leader: true },
    ]);
  });

  it("refuses on a worker or outside a swarm", async () => {
    const { context } = setup();
    expect((await failure(swarmInspect({}, context))).code).toBe("NOT_IN_SWARM");
    await swarmJoin({ remoteAddrs: ["10.0.0.1"], joinToken: "t" }, context);
    expect((await failure(swarmInspect({}, context))).code).toBe("NOT_A_MANAGER");
  });
});

describe("node.update", () => {
  async function withWorker() {
    const setupResult = setup();
    await swarmInit({}, setupResult.context);
    setupResult.engine.nodes.push(fakeNode("node-2", "w", { Labels: { old: "1" } }));
    return setupResult;
  }

  it("sets the complete label set, availability and role; a repeat changes nothing", async () => {
    const { engine, context } = await withWorker();
    const payload = { swarmNodeId: "node-2", labels: { zone: "a" }, availability: "drain", role: "manager" } as const;
    const first = await nodeUpdate(payload, context);
    const second = await nodeUpdate(payload, context);
    expect(first).toEqual({ version: 11 });
    expect(second).toEqual(first);
    expect(engine.calls.filter((c) => c.startsWith("updateNode"))).toHaveLength(1);
    expect(engine.nodes[1]?.Spec).toEqual({ Labels: { zone: "a" }, Role: "manager", Availability: "drain" });
  });

  it("leaves fields it was not given alone", async () => {
    const { engine, context } = await withWorker();
    await nodeUpdate({ swarmNodeId: "node-2", availability: "pause" }, context);
    expect(engine.nodes[1]?.Spec).toEqual({ Labels: { old: "1" }, Role: "worker", Availability: "pause" });
  });

  it("retries a version conflict on the fresh version, up to 5 attempts", async () => {
    const { engine, context } = await withWorker();
    engine.outOfSequence = 2;
    // versions 10 and 11 lose the race (the fake bumps the version each time), 12 → 13 succeeds
    expect(await nodeUpdate({ swarmNodeId: "node-2", labels: {} }, context)).toEqual({ version: 13 });
    expect(engine.calls.filter((c) => c.startsWith("updateNode"))).toHaveLength(3);
    engine.outOfSequence = 5;
    await expect(nodeUpdate({ swarmNodeId: "node-2", labels: { a: "b" } }, context)).rejects.toThrow("update out of sequence");
  });

  it("reports a missing node", async () => {
    const { context } = await withWorker();
    expect((await failure(nodeUpdate({ swarmNodeId: "nope", labels: {} }, context))).code).toBe("NODE_NOT_FOUND");
  });
});

describe("node.remove", () => {
  it("removes, then answers removed: false", async () => {
    const { engine, context } = setup();
    await swarmInit({}, context);
    engine.nodes.push(fakeNode("node-2", "w"));
    expect(await nodeRemove({ swarmNodeId: "node-2", force: false }, context)).toEqual({ removed: true });
    expect(await nodeRemove({ swarmNodeId: "node-2", force: false }, context)).toEqual({ removed: false });
  });
});
