import { afterEach, describe, expect, it, vi } from "vitest";
import type { CommandMessage } from "@/lib/protocol";
import { commandHandlers, type CommandHandlers } from "../commands/command-handlers";
import { silentLogger } from "../log/logger";
import { createFakeDocker } from "../testing/fake-docker-client";
import { createCommandDispatcher } from "./command-dispatcher";

const command = (id: string, type: string, payload: unknown = {}, timeoutMs = 5_000): CommandMessage => ({
  type: "command",
  id,
  command: type,
  payload,
  timeoutMs,
});

function setup(handlers: Partial<CommandHandlers> = {}, concurrency = 4) {
  const { docker, engine } = createFakeDocker();
  const dispatcher = createCommandDispatcher({
    handlers: { ...commandHandlers, ...handlers },
    docker,
    advertiseAddr: "10.0.0.9",
    log: silentLogger,
    concurrency,
  });
  return { dispatcher, engine };
}

afterEach(() => vi.useRealTimers());

describe("command dispatcher", () => {
  it("runs a command and answers a typed result", async () => {
    const { dispatcher, engine } = setup();
    const result = await dispatcher.dispatch(command("c1", "swarm.init"));
    expect(result).toEqual({
      type: "result",
      commandId: "c1",
      ok: true,
      result: {
        swarmId: "swarm-1",
        nodeId: "node-1",
        managerAddr: "10.0.0.9:2377",
        joinTokens: { worker: "SWMTKN-1-abc123-worker", manager: "SWMTKN-1-abc123-manager" },
      },
    });
    expect(engine.calls).toEqual(["initSwarm:10.0.0.9"]);
  });

  it("answers a repeated command id with the stored result without running it again", async () => {
    const handler = vi.fn(async () => ({ left: true }));
    const { dispatcher } = setup({ "swarm.leave": handler });
    const [first, concurrent] = await Promise.all([
      dispatcher.dispatch(command("same", "swarm.leave")),
      dispatcher.dispatch(command("same", "swarm.leave")),
    ]);
    const later = await dispatcher.dispatch(command("same", "swarm.leave"));
    expect(first).toEqual({ type: "result", commandId: "same", ok: true, result: { left: true } });
    expect(concurrent).toEqual(first);
    expect(later).toEqual(first);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("rejects unknown commands and invalid payloads with codes", async () => {
    const { dispatcher } = setup();
    expect(await dispatcher.dispatch(command("u", "service.explode"))).toMatchObject({ ok: false, error: { code: "UNKNOWN_COMMAND" } });
    const invalid = await dispatcher.dispatch(command("p", "node.update", { swarmNodeId: 42 }));
    expect(invalid).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
    expect(invalid.error?.message).toContain("swarmNodeId");
  });

  it("applies payload defaults before the handler sees them", async () => {
    const seen: unknown[] = [];
    const { dispatcher } = setup({
      "swarm.leave": async (payload) => {
        seen.push(payload);
        return { left: false };
      },
    });
    await dispatcher.dispatch(command("d", "swarm.leave", {}));
    expect(seen).toEqual([{ force: false }]);
  });

  it("refuses a result that does not match the result schema", async () => {
    const { dispatcher } = setup({ "swarm.leave": async () => ({ left: "yes" }) as never });
    expect(await dispatcher.dispatch(command("r", "swarm.leave"))).toMatchObject({ ok: false, error: { code: "INVALID_RESULT" } });
  });

  it("maps engine errors to codes and scrubs swarm tokens from messages", async () => {
    const { dispatcher } = setup({
      "swarm.join": async () => {
        throw new Error("join with SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx failed");
      },
    });
    const result = await dispatcher.dispatch(command("j", "swarm.join", { remoteAddrs: ["10.0.0.1:2377"], joinToken: "SWMTKN-1-x" }));
    expect(result.error).toEqual({ code: "INTERNAL", message: "join with [redacted] failed" });
    const manager = await dispatcher.dispatch(command("i", "swarm.inspect"));
    expect(manager.error?.code).toBe("NOT_IN_SWARM");
  });

  it("answers TIMEOUT when a command outlives its timeoutMs, and keeps that answer for the id", async () => {
    let aborted = false;
    const { dispatcher } = setup({
      "swarm.inspect": (_payload, { signal }) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          }),
        ),
    });
    const result = await dispatcher.dispatch(command("t", "swarm.inspect", {}, 50));
    expect(result).toMatchObject({ ok: false, error: { code: "TIMEOUT", message: "swarm.inspect did not finish within 50 ms" } });
    expect(aborted).toBe(true);
    expect(await dispatcher.dispatch(command("t", "swarm.inspect", {}, 50))).toEqual(result);
  });

  it("copes with a timeoutMs beyond what a timer can hold", async () => {
    const { dispatcher } = setup({ "swarm.leave": () => new Promise((resolve) => setTimeout(() => resolve({ left: false }), 20)) });
    expect(await dispatcher.dispatch(command("big", "swarm.leave", {}, 10 ** 12))).toMatchObject({ ok: true });
  });

  it("answers TIMEOUT even when the handler ignores its signal", async () => {
    let finish = () => {};
    const { dispatcher } = setup({
      "swarm.inspect": () =>
        new Promise(
          (resolve) => (finish = () => resolve({ swarmId: "s", managerAddr: "m", joinTokens: { worker: "w", manager: "m" }, nodes: [] })),
        ),
    });
    expect(await dispatcher.dispatch(command("slow", "swarm.inspect", {}, 30))).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    expect(dispatcher.inFlight).toBe(1); // its slot stays taken until it really ends
    finish();
    expect(await dispatcher.drain(1_000)).toBe(true);
  });

  it("runs at most `concurrency` commands at once, in arrival order", async () => {
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const { dispatcher } = setup(
      {
        "node.remove": async (payload) => {
          running++;
          peak = Math.max(peak, running);
          order.push(payload.swarmNodeId);
          await new Promise((r) => setTimeout(r, 20));
          running--;
          return { removed: true };
        },
      },
      2,
    );
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((id) => dispatcher.dispatch(command(id, "node.remove", { swarmNodeId: id }))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(peak).toBe(2);
    expect(order).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("counts queueing time against the timeout", async () => {
    const { dispatcher } = setup({ "node.remove": () => new Promise((r) => setTimeout(() => r({ removed: true }), 100)) }, 1);
    const first = dispatcher.dispatch(command("q1", "node.remove", { swarmNodeId: "x" }, 1_000));
    const queued = await dispatcher.dispatch(command("q2", "node.remove", { swarmNodeId: "y" }, 30));
    expect(queued.error?.code).toBe("TIMEOUT");
    expect((await first).ok).toBe(true);
  });

  it("aborts everything on shutdown with SHUTTING_DOWN", async () => {
    const { dispatcher } = setup({
      "swarm.inspect": (_p, { signal }) => new Promise((_r, reject) => signal.addEventListener("abort", () => reject(new Error("x")))),
    });
    const pending = dispatcher.dispatch(command("s", "swarm.inspect", {}, 60_000));
    expect(await dispatcher.drain(20)).toBe(false);
    dispatcher.abortAll();
    expect(await pending).toMatchObject({ ok: false, error: { code: "SHUTTING_DOWN" } });
    expect(await dispatcher.drain(100)).toBe(true);
  });
});
