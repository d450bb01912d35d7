import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReportedTask, TaskReport } from "@/lib/protocol/task-report";
import { createLogger, silentLogger } from "../log/logger";
import { TaskReportSender } from "./task-report-sender";

const task = (taskId: string, state: ReportedTask["state"] = "running"): ReportedTask => ({
  taskId,
  service: "shop_web",
  state,
  health: "none",
  ports: [{ target: 3000, published: 32768, protocol: "tcp" }],
});

/** A sender over a scripted engine: `engine.tasks` is what the next list returns. */
function setup(options: { debounceMs?: number; resendMs?: number } = {}) {
  const engine = { tasks: [task("t1")], reads: 0, fail: false, gate: null as Promise<void> | null };
  const sent: TaskReport[] = [];
  const lines: string[] = [];
  const sender = new TaskReportSender({
    read: async () => {
      engine.reads++;
      if (engine.gate) await engine.gate;
      if (engine.fail) throw new Error("connect ENOENT /var/run/docker.sock");
      return engine.tasks.map((t) => ({ ...t }));
    },
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    debounceMs: options.debounceMs ?? 50,
    resendMs: options.resendMs ?? 30_000,
  });
  return { engine, sent, lines, sender, attach: () => sender.attach((report) => sent.push(report)) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("task report sender", () => {
  it("sends the snapshot once attached (a new connection), even if the last connection had it", async () => {
    const { sender, sent, attach } = setup();
    attach();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([{ type: "tasks", tasks: [task("t1")] }]);
    sender.detach();
    attach();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(2);
    sender.detach();
  });

  it("a burst of events becomes one re-list and one message, ~50 ms after the first event", async () => {
    const { sender, sent, engine, attach } = setup();
    attach();
    await vi.advanceTimersByTimeAsync(0);
    const readsBefore = engine.reads;
    engine.tasks = [task("t1"), task("t2"), task("t3")];
    for (let i = 0; i < 10; i++) {
      sender.changed();
      await vi.advanceTimersByTimeAsync(4);
    }
    // 40 ms of events: the re-list is due 50 ms after the first one, not after the last
    await vi.advanceTimersByTimeAsync(10);
    expect(engine.reads - readsBefore).toBe(1);
    expect(sent.map((m) => m.tasks.length)).toEqual([1, 3]);
    sender.detach();
  });

  it("sends only when the snapshot differs from the last one sent", async () => {
    const { sender, sent, engine, attach } = setup();
    attach();
    await vi.advanceTimersByTimeAsync(0);
    sender.changed();
    await vi.advanceTimersByTimeAsync(60);
    expect(sent).toHaveLength(1); // the engine lists the same tasks: nothing to say
    engine.tasks = [task("t1", "stopping")];
    sender.changed();
    await vi.advanceTimersByTimeAsync(60);
    expect(sent.map((m) => m.tasks[0]?.state)).toEqual(["running", "stopping"]);
    // a snapshot computed without a re-list (a kill) is sent at once, and only if it is news
    sender.sendIfChanged([task("t1", "stopping")]);
    expect(sent).toHaveLength(2);
    sender.sendIfChanged([]);
    expect(sent.at(-1)).toEqual({ type: "tasks", tasks: [] });
    sender.detach();
  });

  it("re-sends the snapshot every 30 s as a safety net, unchanged or not", async () => {
    const { sender, sent, attach } = setup();
    attach();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((m) => JSON.stringify(m))).size).toBe(1);
    sender.detach();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(3); // nothing while no connection holds it
  });

  it("never lists twice at once: changes during a re-list queue exactly one more", async () => {
    const { sender, sent, engine, attach } = setup({ debounceMs: 10 });
    let open!: () => void;
    engine.gate = new Promise((resolve) => (open = resolve));
    attach();
    await vi.advanceTimersByTimeAsync(0);
    engine.tasks = [task("t9")];
    for (let i = 0; i < 5; i++) {
      sender.changed();
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(engine.reads).toBe(1);
    engine.gate = null;
    open();
    await vi.advanceTimersByTimeAsync(0);
    expect(engine.reads).toBe(2);
    expect(sent.map((m) => m.tasks.map((t) => t.taskId))).toEqual([["t9"]]);
    sender.detach();
  });

  it("a failing engine is logged once and sends nothing; the next re-list after it recovers sends", async () => {
    const { sender, sent, engine, lines, attach } = setup();
    engine.fail = true;
    attach();
    await vi.advanceTimersByTimeAsync(0);
    sender.changed();
    await vi.advanceTimersByTimeAsync(60);
    expect(sent).toEqual([]);
    expect(lines.filter((l) => l.includes("cannot list the engine's task containers"))).toHaveLength(1);
    engine.fail = false;
    sender.changed();
    await vi.advanceTimersByTimeAsync(60);
    expect(sent).toEqual([{ type: "tasks", tasks: [task("t1")] }]);
    expect(lines.some((l) => l.includes("the engine answers again"))).toBe(true);
    sender.detach();
  });

  it("does nothing before a connection attaches it", async () => {
    const sender = new TaskReportSender({ read: async () => [task("t1")], log: silentLogger });
    sender.changed();
    sender.sendIfChanged([task("t1")]);
    await vi.advanceTimersByTimeAsync(100);
    expect(sender.attached).toBe(false);
  });
});
