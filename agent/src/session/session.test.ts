import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type Inventory, type LogsMessage, type MetricsMessage } from "@/lib/protocol";
import type { LogsChannel } from "../logs/log-shipper";
import { commandHandlers } from "../commands/command-handlers";
import { createLogger } from "../log/logger";
import { frame } from "../testing/docker-frames";
import { createFakeDocker } from "../testing/fake-docker-client";
import { FakeSocket } from "../testing/fake-socket";
import { offlineInventoryCollector } from "../testing/offline-inventory";
import { QUIET_NODE_METRICS } from "../testing/quiet-node-metrics";
import { sampleLogLine } from "../testing/sample-log-line";
import { createCommandDispatcher } from "./command-dispatcher";
import { runSession, type SessionOptions } from "./session";

const welcome = { type: "welcome", protocolVersion: PROTOCOL_VERSION, nodeId: "n1", clusterId: "c1", heartbeatIntervalMs: 100 } as const;
const usage = { cpuPercent: 12.5, memoryUsedBytes: 1000, memoryTotalBytes: 4000, load1: 0.5 };

async function setup(overrides: Partial<SessionOptions> = {}) {
  const { docker, engine } = createFakeDocker();
  const collectInventory = offlineInventoryCollector(docker, { hostAddresses: () => ["192.0.2.10"] });
  const inventory: Inventory = await collectInventory();
  const socket = new FakeSocket();
  const controller = new AbortController();
  const lines: string[] = [];
  const log = createLogger({ level: "debug", write: (line) => lines.push(line) });
  const dispatcher = createCommandDispatcher({ handlers: commandHandlers, docker, advertiseAddr: "10.0.0.9", log });
  const run = async (id: string, command: string, payload: unknown) => {
    socket.deliver({ type: "command", id, command, payload, timeoutMs: 5_000 });
    await socket.waitFor((sent) => sent.some((m) => m.type === "result" && m.commandId === id));
  };
  const ended = runSession({
    socket,
    inventory,
    collectInventory,
    heartbeat: async () => ({ usage, containers: { running: 1, total: 2, unhealthy: 0, services: { web: 1 } } }),
    dispatcher,
    log,
    agentVersion: "9.9.9",
    signal: controller.signal,
    inventoryIntervalMs: 40,
    ...overrides,
  });
  return { socket, engine, inventory, controller, ended, lines, dispatcher, run };
}

/** Plays a gateway of this protocol version until the agent's first heartbeat, then drops the connection. */
async function olderGateway(session: Awaited<ReturnType<typeof setup>>, protocolVersion: number): Promise<void> {
  session.socket.deliver({ ...welcome, protocolVersion });
  await session.socket.waitFor((sent) => sent.some((m) => m.type === "heartbeat"));
  session.socket.drop(1006);
  await session.ended;
}

const STAMP = "2026-11-21T22:14:11.000000001Z com.docker.swarm.node.id=n1,com.docker.swarm.service.id=s1,com.docker.swarm.task.id=t1";

async function streaming(overrides: Partial<SessionOptions> = {}) {
  const session = await setup(overrides);
  session.socket.deliver(welcome);
  await session.run("init", "swarm.init", {});
  await session.run("apply", "service.apply", { spec: { Name: "web", TaskTemplate: { ContainerSpec: { Image: "web:1" } } } });
  await session.run("logs", "logs.start", { streamId: "stream-0001", service: "web" });
  const source = session.engine.logStreams[0]?.stream;
  if (!source) throw new Error("no log stream was opened");
  return { ...session, source };
}

describe("session", () => {
  it("sends hello with the full inventory first, then heartbeats at the welcome's interval", async () => {
    const { socket, inventory, ended } = await setup();
    expect(socket.sent).toEqual([{ type: "hello", agentVersion: "9.9.9", inventory }]);
    socket.deliver(welcome);
    await socket.waitFor((sent) => sent.filter((m) => m.type === "heartbeat").length >= 3);
    const beats = socket.ofType("heartbeat");
    expect(beats.slice(0, 3).map((b) => b.seq)).toEqual([0, 1, 2]);
    expect(beats[0]).toEqual({
      type: "heartbeat",
      seq: 0,
      usage,
      containers: { running: 1, total: 2, unhealthy: 0, services: { web: 1 } },
    });
    socket.drop(1006);
    const end = await ended;
    expect(end).toMatchObject({ code: 1006, closedByAgent: false, welcome: { nodeId: "n1", heartbeatIntervalMs: 100 } });
  });

  it("sends no heartbeat before the welcome, and gives up on a gateway that never welcomes", async () => {
    const { socket, ended } = await setup({ welcomeTimeoutMs: 50 });
    const end = await ended;
    expect(socket.sent.map((m) => m.type)).toEqual(["hello"]);
    expect(end).toMatchObject({ code: 1002, reason: "no welcome", closedByAgent: true, welcome: null });
  });

  it("runs a command, answers its result and then reports the changed inventory", async () => {
    const { socket, ended } = await setup({ inventoryIntervalMs: 60_000 });
    socket.deliver(welcome);
    socket.deliver({ type: "command", id: "cmd-1", command: "swarm.init", payload: { advertiseAddr: "10.0.0.5" }, timeoutMs: 5_000 });
    await socket.waitFor((sent) => sent.some((m) => m.type === "inventory"));
    const [result] = socket.ofType("result");
    expect(result).toMatchObject({
      commandId: "cmd-1",
      ok: true,
      result: { swarmId: "swarm-1", nodeId: "node-1", managerAddr: "10.0.0.5:2377" },
    });
    const [update] = socket.ofType("inventory");
    expect(update?.inventory.swarm).toEqual({
      state: "active",
      nodeId: "node-1",
      clusterId: "swarm-1",
      isManager: true,
      managerAddrs: ["10.0.0.5:2377"],
      nodeAddr: "10.0.0.5",
      error: null,
    });
    socket.drop(1000);
    await ended;
  });

  it("sends the inventory only when it changed", async () => {
    const { socket, engine, ended } = await setup();
    socket.deliver(welcome);
    await new Promise((r) => setTimeout(r, 150)); // several checks, nothing changed
    expect(socket.ofType("inventory")).toHaveLength(0);
    engine.info.Labels = ["zone=eu-1"];
    await socket.waitFor((sent) => sent.some((m) => m.type === "inventory"));
    await new Promise((r) => setTimeout(r, 120));
    const updates = socket.ofType("inventory");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.inventory.engineLabels).toEqual({ zone: "eu-1" });
    socket.drop(1001);
    await ended;
  });

  it("answers commands it cannot read and ignores other junk", async () => {
    const { socket, ended, lines } = await setup();
    socket.deliver(welcome);
    socket.deliver("not json");
    socket.deliver(JSON.stringify({ type: "command", id: "bad-1", command: "swarm.init" }));
    socket.deliver(JSON.stringify({ type: "party" }));
    socket.deliver({ type: "command", id: "u-1", command: "service.explode", payload: {}, timeoutMs: 1000 });
    await socket.waitFor((sent) => sent.filter((m) => m.type === "result").length === 2);
    expect(socket.ofType("result")).toEqual([
      {
        type: "result",
        commandId: "bad-1",
        ok: false,
        error: { code: "INVALID_PAYLOAD", message: expect.stringContaining("invalid command message: payload") },
      },
      {
        type: "result",
        commandId: "u-1",
        ok: false,
        error: { code: "UNKNOWN_COMMAND", message: 'this agent does not know the command "service.explode"' },
      },
    ]);
    expect(lines.filter((l) => l.includes("invalid message") || l.includes("not JSON"))).toHaveLength(3);
    socket.drop(1006);
    await ended;
  });

  it("on shutdown waits for running commands, then closes with 1000", async () => {
    const { socket, controller, ended } = await setup({ shutdownGraceMs: 2_000 });
    socket.deliver(welcome);
    socket.deliver({ type: "command", id: "c-1", command: "swarm.init", payload: {}, timeoutMs: 5_000 });
    controller.abort();
    socket.deliver({ type: "command", id: "c-2", command: "swarm.leave", payload: {}, timeoutMs: 5_000 });
    const end = await ended;
    expect(end).toMatchObject({ code: 1000, closedByAgent: true });
    expect(socket.closedWith).toEqual({ code: 1000, reason: "agent shutting down" });
    const results = socket.ofType("result");
    expect(results.find((r) => r.commandId === "c-1")?.ok).toBe(true);
    expect(results.find((r) => r.commandId === "c-2")).toMatchObject({ ok: false, error: { code: "SHUTTING_DOWN" } });
  });

  it("forwards stream messages while heartbeats go on, and stops the streams when the connection closes", async () => {
    const { socket, ended, dispatcher, source } = await streaming();
    expect(socket.ofType("result").find((r) => r.commandId === "logs")).toMatchObject({ ok: true, result: { started: true } });
    const beatsBefore = socket.ofType("heartbeat").length;
    source.write(frame(1, `${STAMP} hello\n`));
    await socket.waitFor((sent) => sent.some((m) => m.type === "stream"));
    expect(socket.ofType("stream")[0]).toEqual({
      type: "stream",
      streamId: "stream-0001",
      ended: false,
      lines: [{ ts: "2026-11-21T22:14:11.000000001Z", stream: "stdout", task: "t1", text: "hello" }],
    });
    await socket.waitFor((sent) => sent.filter((m) => m.type === "heartbeat").length > beatsBefore + 1);
    socket.drop(1006);
    await ended;
    expect(dispatcher.streams.size).toBe(0);
    expect(source.destroyed).toBe(true);
  });

  it("on shutdown ends the streams (ended: true) before closing", async () => {
    const { socket, ended, controller } = await streaming();
    controller.abort();
    await ended;
    const last = socket.ofType("stream").at(-1);
    expect(last).toMatchObject({ streamId: "stream-0001", ended: true });
    expect(socket.sent.indexOf(last as (typeof socket.sent)[number])).toBe(socket.sent.length - 1);
    expect(socket.closedWith).toEqual({ code: 1000, reason: "agent shutting down" });
  });

  it("hands the task reporter the connection once welcomed, and takes it back when it closes", async () => {
    const events: string[] = [];
    const tasks = {
      attach: (send: (report: { type: "tasks"; tasks: [] }) => void) => {
        events.push("attach");
        send({ type: "tasks", tasks: [] });
      },
      detach: () => events.push("detach"),
    };
    const { socket, ended } = await setup({ tasks });
    expect(events).toEqual([]);
    socket.deliver(welcome);
    await socket.waitFor((sent) => sent.some((m) => m.type === "tasks"));
    expect(socket.ofType("tasks")).toEqual([{ type: "tasks", tasks: [] }]);
    socket.drop(1006);
    await ended;
    expect(events).toEqual(["attach", "detach"]);
  });

  it("sends metrics batches only to a gateway of protocol 4 or more, and stops them when the connection closes", async () => {
    const batch: MetricsMessage = {
      type: "metrics",
      at: 1,
      intervalSeconds: 10,
      containers: [],
      node: QUIET_NODE_METRICS,
    };
    const channel = () => {
      const events: string[] = [];
      return {
        events,
        metrics: {
          attach: (send: (m: MetricsMessage) => void) => (events.push("attach"), send(batch)),
          detach: () => events.push("detach"),
        },
      };
    };
    const current = channel();
    const session = await setup({ metrics: current.metrics });
    session.socket.deliver({ ...welcome, protocolVersion: 4 });
    await session.socket.waitFor((sent) => sent.some((m) => m.type === "metrics"));
    expect(session.socket.ofType("metrics")).toEqual([batch]);
    session.socket.drop(1006);
    await session.ended;
    expect(current.events).toEqual(["attach", "detach"]);

    // a protocol-3 gateway closes the connection on a message type it does not know
    const older = channel();
    const old = await setup({ metrics: older.metrics });
    await olderGateway(old, 3);
    expect(old.socket.ofType("metrics")).toEqual([]);
    expect(older.events).toEqual(["detach"]);
    expect(old.lines.some((l) => l.includes("the gateway predates metrics"))).toBe(true);
  });

  it("sends log batches only to a gateway of protocol 5 or more, hands it the acks, and detaches on close", async () => {
    const batch: LogsMessage = {
      type: "logs",
      epoch: "epoch-0001",
      droppedTotal: 0,
      lines: [{ seq: 0, ...sampleLogLine("hi") }],
    };
    const channel = () => {
      const events: string[] = [];
      const results: boolean[] = [];
      const logs: LogsChannel = {
        attach: (send) => {
          events.push("attach");
          results.push(send(batch), send({ ...batch, epoch: "bad epoch!" }));
        },
        detach: () => events.push("detach"),
        ack: (ack) => events.push(`ack ${ack.epoch} ${ack.upTo}`),
      };
      return { events, results, logs };
    };
    const current = channel();
    const session = await setup({ logs: current.logs });
    session.socket.deliver({ ...welcome, protocolVersion: 5 });
    await session.socket.waitFor((sent) => sent.some((m) => m.type === "logs"));
    expect(session.socket.ofType("logs")).toEqual([batch]);
    // an invalid batch is not sent, and the sender is told
    expect(current.results).toEqual([true, false]);
    session.socket.deliver({ type: "logs.ack", epoch: "epoch-0001", upTo: 0 });
    session.socket.drop(1006);
    await session.ended;
    expect(current.events).toEqual(["attach", "ack epoch-0001 0", "detach"]);

    // a protocol-4 gateway would close the connection on `logs`: lines stay in the agent's buffer
    const older = channel();
    const old = await setup({ logs: older.logs });
    await olderGateway(old, 4);
    expect(old.socket.ofType("logs")).toEqual([]);
    expect(older.events).toEqual(["detach"]);
    expect(old.lines.some((l) => l.includes("the gateway predates log collection"))).toBe(true);
  });

  it("never logs the swarm join token of a command", async () => {
    const { socket, ended, lines } = await setup();
    socket.deliver(welcome);
    const token = "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx";
    socket.deliver({
      type: "command",
      id: "j-1",
      command: "swarm.join",
      payload: { remoteAddrs: ["10.0.0.1:2377"], joinToken: token },
      timeoutMs: 5_000,
    });
    await socket.waitFor((sent) => sent.some((m) => m.type === "result"));
    expect(socket.ofType("result")[0]).toMatchObject({ ok: true, result: { nodeId: "node-2", swarmId: "" } });
    expect(lines.join("\n")).not.toContain(token);
    expect(lines.some((l) => l.includes('"command":"swarm.join"'))).toBe(true);
    socket.drop(1006);
    await ended;
  });
});
