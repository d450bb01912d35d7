import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskReport } from "@/lib/protocol/task-report";
import { taskContainerSchema, type ContainersApi, type EventFilters, type TaskContainer } from "../docker/containers-api";
import { silentLogger } from "../log/logger";
import { Backoff } from "../session/backoff";
import { until } from "../testing/until";
import { parseEvent } from "./engine-events";
import { createTaskReporter } from "./task-reporter";

const TASK_LABELS = (task: string) => ({ "com.docker.swarm.task.id": task, "com.docker.swarm.service.name": "shop_web" });

function container(task: string, port: number): TaskContainer {
  return taskContainerSchema.parse({
    Id: `c-${task}`,
    State: "running",
    Status: "Up 2 seconds",
    Labels: TASK_LABELS(task),
    Ports: [{ IP: "0.0.0.0", PrivatePort: 3000, PublicPort: port, Type: "tcp" }],
  });
}

/** An engine whose containers and event stream the test drives; records every call. */
function fakeEngine() {
  const state = {
    containers: [] as TaskContainer[],
    stopSignals: new Map<string, string>(),
    streams: [] as PassThrough[],
    filters: [] as EventFilters[],
    lists: 0,
    refuseEvents: 0,
  };
  const api: ContainersApi = {
    listTaskContainers: async () => (state.lists++, state.containers.map((c) => ({ ...c }))),
    stopSignal: async ({ id }) => state.stopSignals.get(id) ?? null,
    openEvents: async ({ filters, signal }) => {
      if (state.refuseEvents > 0) {
        state.refuseEvents--;
        throw new Error("connect ECONNREFUSED /var/run/docker.sock");
      }
      const stream = new PassThrough();
      signal?.addEventListener("abort", () => stream.destroy(), { once: true });
      state.filters.push(filters);
      state.streams.push(stream);
      return stream;
    },
  };
  const event = (action: string, task: string, extra: Record<string, string> = {}) =>
    state.streams
      .at(-1)
      ?.write(
        `${JSON.stringify({ Type: "container", Action: action, Actor: { ID: `c-${task}`, Attributes: { ...TASK_LABELS(task), ...extra } }, time: 1 })}\n`,
      );
  return { state, api, event };
}

const controllers: AbortController[] = [];
afterEach(() => controllers.splice(0).forEach((c) => c.abort()));

function start(engine: ReturnType<typeof fakeEngine>) {
  const reporter = createTaskReporter({
    engine: engine.api,
    log: silentLogger,
    debounceMs: 30,
    resendMs: 60_000,
    backoff: new Backoff({ initialMs: 10, maxMs: 20, jitter: 0 }),
  });
  const controller = new AbortController();
  controllers.push(controller);
  const sent: TaskReport[] = [];
  void reporter.run(controller.signal);
  reporter.channel.attach((report) => sent.push(report));
  const states = () => sent.map((m) => m.tasks.map((t) => `${t.taskId}:${t.state}`).join(","));
  return { reporter, sent, states, controller };
}

describe("task reporter", () => {
  it("follows only task container events of the kinds that matter", async () => {
    const engine = fakeEngine();
    start(engine);
    await until("the event stream", () => engine.state.streams.length === 1);
    expect(engine.state.filters[0]).toEqual({
      type: ["container"],
      event: ["start", "die", "kill", "stop", "destroy", "health_status", "pause", "unpause"],
      label: ["com.docker.swarm.task.id"],
    });
  });

  it("a kill is reported as stopping at once, before the container dies; the die then removes it", async () => {
    const engine = fakeEngine();
    engine.state.containers = [container("t1", 32768), container("t2", 32769)];
    const { sent, states } = start(engine);
    await until("the first snapshot", () => sent.length === 1);
    const listsBefore = engine.state.lists;
    engine.event("kill", "t1", { signal: "15" });
    // from the last list, without waiting for the engine: the task may be gone a moment later
    await until("the stopping snapshot", () => sent.length === 2);
    expect(engine.state.lists).toBe(listsBefore);
    expect(states()[1]).toBe("t1:stopping,t2:running");
    // the engine still lists it while it finishes: still stopping, nothing new to send
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toHaveLength(2);
    // right after `die` the engine's list may still call it running: it must not come back
    engine.event("die", "t1");
    await until("the snapshot without t1", () => sent.length === 3);
    expect(states()[2]).toBe("t2:running");
    await new Promise((r) => setTimeout(r, 80));
    engine.state.containers = [container("t2", 32769)];
    engine.event("stop", "t1");
    engine.event("destroy", "t1");
    await new Promise((r) => setTimeout(r, 80));
    expect(states()).toEqual(["t1:running,t2:running", "t1:stopping,t2:running", "t2:running"]);
  });

  it("a task container restarted in place (die, then start) is reported again", async () => {
    const engine = fakeEngine();
    engine.state.containers = [container("t1", 32768)];
    const { sent, states } = start(engine);
    await until("the first snapshot", () => sent.length === 1);
    engine.event("die", "t1");
    await until("t1 gone", () => sent.length === 2);
    engine.event("start", "t1");
    await until("t1 back", () => sent.length === 3);
    expect(states()).toEqual(["t1:running", "", "t1:running"]);
  });

  it("a reload signal (HUP) is not a stop, unless it is the container's stop signal", async () => {
    const engine = fakeEngine();
    engine.state.containers = [container("t1", 32768), container("t2", 32769)];
    engine.state.stopSignals.set("c-t1", "SIGTERM");
    engine.state.stopSignals.set("c-t2", "SIGHUP");
    const { sent, states } = start(engine);
    await until("the first snapshot", () => sent.length === 1);
    engine.event("kill", "t1", { signal: "1" });
    engine.event("kill", "t2", { signal: "1" });
    await until("t2 stopping", () => sent.length === 2);
    await new Promise((r) => setTimeout(r, 60));
    expect(states()).toEqual(["t1:running,t2:running", "t1:running,t2:stopping"]);
  });

  it("a start burst becomes one message; events for other containers are ignored", async () => {
    const engine = fakeEngine();
    const { sent, states } = start(engine);
    await until("the first snapshot", () => sent.length === 1);
    engine.state.containers = [container("t1", 32768), container("t2", 32769), container("t3", 32770)];
    for (const t of ["t1", "t2", "t3"]) engine.event("start", t);
    engine.state.streams
      .at(-1)
      ?.write(`${JSON.stringify({ Type: "container", Action: "start", Actor: { ID: "plain", Attributes: { name: "db" } } })}\n`);
    await until("the scaled snapshot", () => sent.length === 2);
    await new Promise((r) => setTimeout(r, 60));
    expect(states()).toEqual(["", "t1:running,t2:running,t3:running"]);
  });

  it("reopens a broken event stream with backoff and re-lists, since events were missed meanwhile", async () => {
    const engine = fakeEngine();
    engine.state.containers = [container("t1", 32768)];
    const { sent, states } = start(engine);
    await until("the first snapshot", () => sent.length === 1);
    engine.state.refuseEvents = 2; // the engine restarts: two refused attempts
    engine.state.containers = [container("t1", 32768), container("t2", 32769)];
    engine.state.streams[0]?.end(); // ...and the change happened while nobody listened
    await until("the stream reopened", () => engine.state.streams.length === 2);
    await until("the missed change", () => sent.length === 2);
    expect(states()[1]).toBe("t1:running,t2:running");
  });

  it("health_status events arrive as 'health_status: healthy' and still count", () => {
    expect(parseEvent(`{"Type":"container","Action":"health_status: healthy","Actor":{"ID":"c1","Attributes":{}}}`)?.Action).toBe(
      "health_status: healthy",
    );
    expect(parseEvent("not json")).toBeNull();
    expect(parseEvent(`{"Type":"container"}`)).toBeNull();
  });
});
