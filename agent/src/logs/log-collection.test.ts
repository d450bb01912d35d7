// Discovery and stdout collection against a fake engine (the Engine API's list, inspect, logs with
// `since`, events); the real engine is in tests/integration/agent/logs-collection.test.ts.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeLogStores, type LogLine } from "@/lib/protocol/logs";
import { silentLogger } from "../log/logger";
import { frame } from "../testing/docker-frames";
import { until as untilHolds } from "../testing/until";
import { LogBuffer } from "./log-buffer";
import { LogCollection } from "./log-collection";
import { normalizeTimestamp, sinceParameter } from "./log-text";
import type { LogContainer, LogContainerDetails, LogsEngine, OpenLogsOptions } from "./logs-engine";

type Message = { stream: 1 | 2; ts: string; text: string };

class FakeLogsEngine implements LogsEngine {
  containers: LogContainer[] = [];
  readonly details = new Map<string, LogContainerDetails>();
  readonly messages = new Map<string, Message[]>();
  readonly opened: Array<Omit<OpenLogsOptions, "signal">> = [];
  private readonly followers = new Map<string, PassThrough>();

  add(id: string, labels: Record<string, string>, state = "running"): void {
    this.containers.push({ Id: id, State: state, Labels: labels });
    this.details.set(id, { pid: state === "running" ? 4242 : null, running: state === "running", tty: false });
    this.messages.set(id, []);
  }

  /** The container writes a line (timestamps must grow). */
  write(id: string, stream: 1 | 2, ts: string, text: string): void {
    const message = { stream, ts, text };
    this.messages.get(id)?.push(message);
    this.followers.get(id)?.write(frame(stream, `${ts} ${text}\n`));
  }

  exit(id: string): void {
    const container = this.containers.find((c) => c.Id === id);
    if (container) container.State = "exited";
    this.details.set(id, { pid: null, running: false, tty: false });
    this.followers.get(id)?.end();
  }

  async listLogContainers(): Promise<LogContainer[]> {
    return this.containers.map((c) => ({ ...c }));
  }

  async inspect(id: string): Promise<LogContainerDetails | null> {
    return this.details.get(id) ?? null;
  }

  async openLogs({ id, follow, since, signal }: OpenLogsOptions): Promise<Readable> {
    this.opened.push({ id, follow, since });
    const stream = new PassThrough();
    for (const m of this.messages.get(id) ?? []) {
      // the engine's `since` is inclusive
      if (!since || sinceParameter(normalizeTimestamp(m.ts) as string) >= since) stream.write(frame(m.stream, `${m.ts} ${m.text}\n`));
    }
    if (!follow || !this.details.get(id)?.running) stream.end();
    else this.followers.set(id, stream);
    signal.addEventListener("abort", () => stream.destroy(), { once: true });
    return stream;
  }

  async openEvents({ signal }: { signal: AbortSignal }): Promise<Readable> {
    const stream = new PassThrough();
    signal.addEventListener("abort", () => stream.destroy(), { once: true });
    return stream;
  }
}

const labels = (extra: Record<string, string> = {}) => ({
  "wharf.app": "shop",
  "wharf.service": "web",
  "com.docker.swarm.task.id": "task1",
  "wharf.log-stores": encodeLogStores([{ name: "out", source: "stdout" }]),
  ...extra,
});
const ts = (ms: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, 0, ms)).toISOString();
const ID = "a".repeat(64);

let dir: string;
let engine: FakeLogsEngine;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "wharf-log-collection-"));
  engine = new FakeLogsEngine();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collecting() {
  const buffer = await LogBuffer.open({ dir, maxBytes: 64 << 20, log: silentLogger, sync: false });
  const controller = new AbortController();
  const collection = new LogCollection({ engine, buffer, log: silentLogger, discoveryMs: 30, pollMs: 20, procRoot: dir });
  const running = collection.run(controller.signal);
  const lines = async (): Promise<LogLine[]> => {
    await buffer.flush();
    return buffer.read(0, 1000, 1 << 24);
  };
  const stop = async () => {
    controller.abort();
    await running;
    await buffer.close();
  };
  return { buffer, collection, lines, stop };
}

const until = (what: string, check: () => Promise<boolean> | boolean) => untilHolds(what, check, { timeoutMs: 3_000, everyMs: 10 });

describe("log collection", () => {
  it("follows the stdout of a declaring container, with its metadata; ignores containers that declare nothing usable", async () => {
    engine.add(ID, labels());
    engine.add("b".repeat(64), labels({ "wharf.app": "" }));
    engine.add("c".repeat(64), labels({ "wharf.log-stores": "not json" }));
    engine.write(ID, 1, ts(1), "before the agent");
    const run = await collecting();
    await until("the first line", async () => (await run.lines()).length === 1);
    engine.write(ID, 2, ts(2), "an error");
    await until("the second line", async () => (await run.lines()).length === 2);
    expect(await run.lines()).toEqual([
      {
        seq: 0,
        ts: normalizeTimestamp(ts(1)),
        store: "out",
        stream: "stdout",
        application: "shop",
        service: "web",
        task: "task1",
        container: ID.slice(0, 12),
        text: "before the agent",
      },
      {
        seq: 1,
        ts: normalizeTimestamp(ts(2)),
        store: "out",
        stream: "stderr",
        application: "shop",
        service: "web",
        task: "task1",
        container: ID.slice(0, 12),
        text: "an error",
      },
    ]);
    expect(engine.opened.map((o) => o.id)).toEqual([ID]);
    await run.stop();
  });

  it("restart: follows again from the saved position (engine `since`), without a line twice", async () => {
    engine.add(ID, labels());
    for (let i = 1; i <= 5; i++) engine.write(ID, 1, ts(i), `line ${i}`);
    engine.write(ID, 1, ts(5), "line 5b (same instant)");
    const first = await collecting();
    await until("six lines", async () => (await first.lines()).length === 6);
    await first.stop();
    engine.write(ID, 1, ts(5), "line 5c (same instant, while stopped)");
    engine.write(ID, 1, ts(6), "line 6");

    const second = await collecting();
    await until("eight lines", async () => (await second.lines()).length === 8);
    expect(engine.opened.at(-1)).toEqual({ id: ID, follow: true, since: sinceParameter(normalizeTimestamp(ts(5)) as string) });
    expect((await second.lines()).map((l) => [l.seq, l.text])).toEqual([
      [0, "line 1"],
      [1, "line 2"],
      [2, "line 3"],
      [3, "line 4"],
      [4, "line 5"],
      [5, "line 5b (same instant)"],
      [6, "line 5c (same instant, while stopped)"],
      [7, "line 6"],
    ]);
    await second.stop();
  });

  it("reads an exited container's log to its end once; forgets the positions of a destroyed one", async () => {
    engine.add(ID, labels(), "exited");
    engine.write(ID, 1, ts(1), "short-lived");
    const run = await collecting();
    await until("its line", async () => (await run.lines()).length === 1);
    await until("finished", () => run.buffer.positions.stdout[ID]?.finished === true);
    await new Promise((r) => setTimeout(r, 100)); // a few more discoveries
    expect(engine.opened).toEqual([{ id: ID, follow: false, since: null }]);

    engine.containers = [];
    await until("forgotten", () => run.buffer.positions.stdout[ID] === undefined);
    await run.stop();
  });

  it("a container that stops: the stream ends, the log is marked finished; it is followed again when it restarts", async () => {
    engine.add(ID, labels());
    engine.write(ID, 1, ts(1), "up");
    const run = await collecting();
    await until("its line", async () => (await run.lines()).length === 1);
    engine.write(ID, 1, ts(2), "going down");
    engine.exit(ID);
    await until("finished", () => run.buffer.positions.stdout[ID]?.finished === true);
    const container = engine.containers[0];
    if (container) container.State = "running";
    engine.details.set(ID, { pid: 4343, running: true, tty: false });
    engine.write(ID, 1, ts(3), "up again");
    await until("three lines", async () => (await run.lines()).length === 3);
    expect((await run.lines()).map((l) => l.text)).toEqual(["up", "going down", "up again"]);
    await run.stop();
  });
});
