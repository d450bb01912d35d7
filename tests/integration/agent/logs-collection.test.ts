// Log collection end to end on the agent's side: the real agent bundle as a process, this machine's
// real Docker Engine running the test image (wharf-test/node-app) with two declared stores —
// stdout, and /var/log/app/*.log written and rotated on demand through the image's GET /log — and
// a stand-in for the gateway and the store on loopback (FakeGateway plus LogStoreStandIn below,
// labelled as such) that keeps one copy per seq and acknowledges what it keeps.
// Counted, line by line: nothing lost across rotations, a gateway connection dropped with batches
// in flight, an agent stopped and one killed while the app writes; a line is never collected twice
// (one seq per line), and a seq comes again only if it had not been acknowledged.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeLogStores, type LogLine, type LogsMessage } from "@/lib/protocol/logs";
import { dockerClient, ensureDockerEngine, ensureTestImages, TEST_IMAGES } from "@/tests/support/runtime/docker-env";
import { removeTestContainers } from "../../support/runtime/remove-test-containers";
import { waitFor } from "../../support/wait-for";
import { AgentProcess, buildAgentBundle } from "./support/agent-process";
import { FakeGateway, type GatewayConnection } from "./support/fake-gateway";

const RUN = `alc${Date.now().toString(36)}`;
const TASK = `${RUN}task0000000000000`;
const JOIN_TOKEN = "wjt_integration_token_0123456789";
const LOG_FILE = "/var/log/app/app.log";

/** Stand-in for the log store: one copy per (epoch, seq), acknowledged after it is kept. */
class LogStoreStandIn {
  readonly bySeq = new Map<string, LogLine>();
  /** Seqs received again, and whether they had been acknowledged before (which must never happen). */
  readonly repeats: Array<{ seq: number; wasAcked: boolean }> = [];
  readonly ackedUpTo = new Map<string, number>();
  acking = true;
  lastBatch: LogsMessage | null = null;
  stopped = false;

  follow(connection: GatewayConnection): void {
    let next = 0;
    const loop = () => {
      if (this.stopped) return;
      for (; next < connection.messages.length; next++) {
        const message = connection.messages[next];
        if (message?.type !== "logs" || !this.acking) {
          if (message?.type === "logs") break; // keep it for when acking resumes
          continue;
        }
        this.keep(message, connection);
      }
      setTimeout(loop, 10);
    };
    loop();
  }

  stop(): void {
    this.stopped = true;
  }

  private keep(message: LogsMessage, connection: GatewayConnection): void {
    const acked = this.ackedUpTo.get(message.epoch) ?? -1;
    for (const line of message.lines) {
      const key = `${message.epoch}:${line.seq}`;
      if (this.bySeq.has(key)) this.repeats.push({ seq: line.seq, wasAcked: line.seq <= acked });
      else this.bySeq.set(key, line);
    }
    const upTo = message.lines.at(-1)?.seq ?? acked;
    this.lastBatch = message;
    // kept either way (the store committed them); acknowledged only where the agent can hear it
    if (connection.ws.readyState !== connection.ws.OPEN) return;
    connection.send({ type: "logs.ack", epoch: message.epoch, upTo });
    this.ackedUpTo.set(message.epoch, Math.max(acked, upTo));
  }

  lines(store: string): LogLine[] {
    return [...this.bySeq.values()].filter((l) => l.store === store);
  }
}

let workDir: string;
let bundle: string;
let docker: Docker;
let gateway: FakeGateway;
let gatewayUrl: string;
let store: LogStoreStandIn;
let appUrl: string;
let containerId: string;
const agents: AgentProcess[] = [];
const stateDir = () => path.join(workDir, "state");

function startAgent(): AgentProcess {
  const agent = new AgentProcess(
    bundle,
    [
      "--url",
      gatewayUrl,
      "--state-dir",
      stateDir(),
      "--docker-socket",
      "/var/run/docker.sock",
      "--metrics-interval",
      "0",
      "--log-level",
      "debug",
    ],
    { WHARF_JOIN_TOKEN: JOIN_TOKEN },
  );
  agents.push(agent);
  return agent;
}

/** Follows every connection the agent opens from `index` on (reconnects included). */
function followConnections(from: number): void {
  let index = from;
  const watch = async () => {
    while (!store.stopped) {
      const connection = await gateway.connection(index, 1_000).catch(() => null);
      if (!connection) continue;
      store.follow(connection);
      index++;
    }
  };
  void watch();
}

async function writeLines(query: Record<string, string | number>): Promise<void> {
  const url = `${appUrl}/log?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;
  const response = await fetch(url);
  expect(await response.text()).toBe(`wrote ${query.lines}\n`);
}

/** Every "<prefix> i" for i in 1..count is stored exactly once (one seq) in `storeName`. */
async function expectAll(storeName: string, prefix: string, count: number, timeoutMs = 30_000): Promise<void> {
  const wanted = (text: string) => text.startsWith(`${prefix} `);
  await waitFor(
    `${count} "${prefix}" lines in ${storeName}`,
    async () => store.lines(storeName).filter((l) => wanted(l.text)).length >= count,
    timeoutMs,
    100,
  );
  const seqsByText = new Map<string, number[]>();
  for (const line of store.lines(storeName).filter((l) => wanted(l.text)))
    seqsByText.set(line.text, [...(seqsByText.get(line.text) ?? []), line.seq]);
  const missing = Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).filter((text) => !seqsByText.has(text));
  expect(missing).toEqual([]);
  const collectedTwice = [...seqsByText].filter(([, seqs]) => seqs.length > 1);
  expect(collectedTwice).toEqual([]);
  expect(seqsByText.size).toBe(count);
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "wharf-logs-it-"));
  await ensureDockerEngine();
  [, bundle] = await Promise.all([ensureTestImages(), buildAgentBundle(path.join(workDir, "wharf-agent.mjs"))]);
  docker = dockerClient();
  const container = await docker.createContainer({
    Image: TEST_IMAGES.nodeAppV1,
    Labels: {
      "wharf.app": RUN,
      "wharf.service": "web",
      "com.docker.swarm.task.id": TASK,
      "wharf.log-stores": encodeLogStores([
        { name: "out", source: "stdout" },
        { name: "app", source: "/var/log/app/*.log" },
      ]),
      "wharf.test": RUN,
    },
  });
  await container.start();
  containerId = container.id;
  const ip = (await container.inspect()).NetworkSettings.Networks.bridge?.IPAddress;
  if (!ip) throw new Error("the app container has no address on the default bridge");
  appUrl = `http://${ip}:3000`;
  await waitFor("the app to answer", async () => (await fetch(`${appUrl}/healthz`)).ok, 30_000);
  gateway = new FakeGateway();
  gatewayUrl = await gateway.start();
  store = new LogStoreStandIn();
});

afterAll(async () => {
  for (const agent of agents) agent.kill();
  store?.stop();
  await gateway?.stop();
  await removeTestContainers(docker, RUN);
  await rm(workDir, { recursive: true, force: true });
});

describe("agent log collection", () => {
  it("collects stdout and a rotating file with their metadata, losing no line across rotations", async () => {
    startAgent();
    followConnections(0);
    await Promise.all([
      writeLines({ lines: 3000, prefix: "A", file: LOG_FILE, rotate: 1000, spreadMs: 6000 }),
      writeLines({ lines: 3000, prefix: "O", spreadMs: 3000 }),
      writeLines({ lines: 200, prefix: "E", stderr: 1 }),
    ]);
    await expectAll("app", "A", 3000);
    await expectAll("out", "O", 3000);
    await expectAll("out", "E", 200);
    const sample = store.lines("app").find((l) => l.text === "A 1500");
    expect(sample).toMatchObject({
      stream: "file",
      file: LOG_FILE,
      application: RUN,
      service: "web",
      task: TASK,
      container: containerId.slice(0, 12),
    });
    expect(store.lines("out").find((l) => l.text === "E 7")).toMatchObject({ stream: "stderr", task: TASK });
    expect(store.repeats).toEqual([]);
    expect(store.lastBatch?.droppedTotal).toBe(0);
  });

  it("a dropped gateway connection with unacknowledged batches: everything arrives, repeats only of unacknowledged seqs", async () => {
    const writing = Promise.all([
      writeLines({ lines: 4000, prefix: "B", file: LOG_FILE, rotate: 2500, spreadMs: 8000 }),
      writeLines({ lines: 4000, prefix: "P", spreadMs: 8000 }),
    ]);
    await new Promise((r) => setTimeout(r, 2_000));
    // the store stops acknowledging, batches pile up in flight, then the connection breaks
    store.acking = false;
    await new Promise((r) => setTimeout(r, 1_500));
    const connections = gateway.connections.length;
    gateway.connections.at(-1)?.ws.terminate();
    store.acking = true;
    await waitFor("the agent to reconnect", async () => gateway.connections.length > connections, 15_000);
    await writing;
    await expectAll("app", "B", 4000);
    await expectAll("out", "P", 4000);
    expect(store.repeats.length).toBeGreaterThan(0); // batches in flight were sent again…
    expect(store.repeats.filter((r) => r.wasAcked)).toEqual([]); // …and only those
  });

  it("an agent stopped, and one killed, while the app writes: resumes where it was, no line lost or collected twice", async () => {
    const [running] = agents.slice(-1);
    // stopped (SIGTERM), with no acknowledgement on the way (one the agent would not hear any more
    // would make its seq come again, rightly, and this test could not tell that from a bug)
    store.acking = false;
    await new Promise((r) => setTimeout(r, 300));
    running?.child.kill("SIGTERM");
    expect(await running?.exitCode()).toBe(0);
    store.acking = true;
    // lines written to stdout and the file while it is stopped, with a rotation meanwhile
    await writeLines({ lines: 1000, prefix: "S", file: LOG_FILE, rotate: 600 });
    await writeLines({ lines: 1000, prefix: "T" });
    const repeatsBefore = store.repeats.length;
    startAgent();
    await expectAll("app", "S", 1000);
    await expectAll("out", "T", 1000);
    expect(store.repeats.slice(repeatsBefore).filter((r) => r.wasAcked)).toEqual([]);

    // killed (SIGKILL) mid-writing: lines not yet flushed are collected again, under the same seqs
    const writing = Promise.all([
      writeLines({ lines: 3000, prefix: "K", file: LOG_FILE, spreadMs: 4000 }),
      writeLines({ lines: 3000, prefix: "L", spreadMs: 4000 }),
    ]);
    await new Promise((r) => setTimeout(r, 1_500));
    agents.at(-1)?.kill();
    await new Promise((r) => setTimeout(r, 1_000));
    startAgent();
    await writing;
    await expectAll("app", "K", 3000);
    await expectAll("out", "L", 3000);
    // one buffer epoch all along
    expect(new Set([...store.bySeq.keys()].map((k) => k.split(":")[0])).size).toBe(1);
    expect(store.lastBatch?.droppedTotal).toBe(0);
  });
});
