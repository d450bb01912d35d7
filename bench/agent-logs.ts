/**
 * bench/agent-logs.ts — how many lines a second the agent's log collection can take from a file and
 * ship, and the CPU it spends doing it.
 *
 *   node --import tsx bench/agent-logs.ts [--source file|stdout] [--lines 500000] [--bytes 120] [--batches-per-minute 0] [--sync 1]
 *
 * The agent's real pipeline (agent/src/logs: ContainerFiles → LogBuffer on disk → LogShipper) on
 * a file in a fixture directory standing in for /proc/<pid>/root (no container: this measures the
 * agent, not an engine), shipping to a session stand-in that validates and serialises each batch
 * as the real session does (agentMessageSchema, JSON) and acknowledges it on the next turn of the
 * event loop. The file is written before the clock starts; the clock stops when the last line is
 * acknowledged. --batches-per-minute 0 lifts the shipper's pace (the agent's default, 1000 a
 * minute, caps it at ~16,700 lines/s); --sync 0 skips fdatasync after each flush. Prints lines/s
 * and the process's CPU time as a percentage of one core. Asserts nothing.
 *
 * --source stdout: the same through the engine instead — a wharf-test/busybox:1 container on the
 * local Docker Engine (scripts/runtime/build-test-images.sh builds it; nothing is pulled) prints the
 * lines and exits, then the agent's collection (LogCollection, Engine API logs endpoint, json-file)
 * reads its log; the engine's own CPU is not counted. The container is removed at the end.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import { agentMessageSchema } from "@/lib/protocol";
import { silentLogger } from "@/agent/src/log/logger";
import { ContainerFiles } from "@/agent/src/logs/file-collector";
import { createEngineConnection } from "@/agent/src/docker/engine-connection";
import { LogBuffer } from "@/agent/src/logs/log-buffer";
import { LogCollection } from "@/agent/src/logs/log-collection";
import { LogShipper } from "@/agent/src/logs/log-shipper";
import { createLogsEngine } from "@/agent/src/logs/logs-engine";
import { encodeLogStores } from "@/lib/protocol/logs";

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "500000" },
    bytes: { type: "string", default: "120" },
    "batches-per-minute": { type: "string", default: "0" },
    sync: { type: "string", default: "1" },
    source: { type: "string", default: "file" },
  },
});
const LINES = Number(values.lines);
const BYTES = Number(values.bytes);
const PACE = Number(values["batches-per-minute"]) || 10_000_000;
const PID = 4242;

type Source = { start(buffer: LogBuffer): Promise<{ tick(): Promise<void>; stop(): Promise<void> }>; cleanup(): Promise<void> };

/** A file in a fixture /proc/<pid>/root, written before the clock starts. */
async function fileSource(work: string): Promise<Source> {
  const root = path.join(work, "proc", String(PID), "root");
  await mkdir(path.join(root, "var/log/app"), { recursive: true });
  const filler = "x".repeat(Math.max(0, BYTES - 20));
  let text = "";
  for (let i = 1; i <= LINES; i++) text += `line ${i} ${filler}\n`;
  await writeFile(path.join(root, "var/log/app/app.log"), text);
  return {
    start: async (buffer) => {
      const meta = { application: "bench", service: "web", task: "task1", container: "abcdef012345" };
      const files = new ContainerFiles({
        container: "c".repeat(64),
        meta,
        stores: [{ name: "app", pattern: "/var/log/app/*.log" }],
        buffer,
        log: silentLogger,
        procRoot: path.join(work, "proc"),
      });
      return { tick: () => files.tick(PID), stop: () => files.close() };
    },
    cleanup: async () => undefined,
  };
}

/** A container that printed the lines and exited, read through the engine. */
async function stdoutSource(): Promise<Source> {
  const docker = new Docker({ socketPath: "/var/run/docker.sock" });
  const filler = "x".repeat(Math.max(0, BYTES - 20));
  const labels = {
    "wharf.app": "bench",
    "wharf.service": "web",
    "wharf.log-stores": encodeLogStores([{ name: "out", source: "stdout" }]),
    "wharf.bench": "agent-logs",
  };
  const container = await docker.createContainer({
    Image: "wharf-test/busybox:1",
    Cmd: ["sh", "-c", `seq 1 ${LINES} | sed 's/$/ ${filler}/'`],
    Labels: labels,
  });
  await container.start();
  await container.wait();
  return {
    start: async (buffer) => {
      const controller = new AbortController();
      const collection = new LogCollection({
        engine: createLogsEngine(createEngineConnection("/var/run/docker.sock")),
        buffer,
        log: silentLogger,
        discoveryMs: 60_000,
      });
      const running = collection.run(controller.signal);
      return {
        tick: async () => undefined,
        stop: async () => {
          controller.abort();
          await running;
        },
      };
    },
    cleanup: () => container.remove({ force: true }),
  };
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "wharf-bench-logs-"));
  const source = values.source === "stdout" ? await stdoutSource() : await fileSource(work);
  // an interrupted run still removes its container
  process.once("SIGINT", () => void source.cleanup().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void source.cleanup().finally(() => process.exit(143)));
  const buffer = await LogBuffer.open({
    dir: path.join(work, "state/logs"),
    maxBytes: 1024 ** 3,
    log: silentLogger,
    sync: values.sync !== "0",
  });
  const shipper = new LogShipper({ buffer, log: silentLogger, batchesPerMinute: PACE, lingerMs: 50 });
  let acked = 0;
  let bytesSent = 0;
  const done = new Promise<void>((resolve) => {
    shipper.attach((message) => {
      const checked = agentMessageSchema.safeParse(message);
      if (!checked.success) throw new Error(checked.error.message);
      bytesSent += JSON.stringify(checked.data).length;
      const upTo = message.lines.at(-1)?.seq ?? 0;
      setImmediate(() => {
        acked += message.lines.length;
        shipper.ack({ type: "logs.ack", epoch: message.epoch, upTo });
        if (upTo >= LINES - 1) resolve();
      });
      return true;
    });
  });

  const cpu = process.cpuUsage();
  const started = performance.now();
  const collecting = await source.start(buffer);
  const ticking = (async () => {
    // the collection's file poll, as often as it finds work (the real one ticks every 500 ms and reads until caught up)
    while (acked < LINES) {
      await collecting.tick();
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await done;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await ticking;
  shipper.detach(); // its ack watchdog would keep the process alive
  await collecting.stop();
  await buffer.close();
  await source.cleanup();
  await rm(work, { recursive: true, force: true });

  const cpuPercent = ((used.user + used.system) / 1e6 / seconds) * 100;
  process.stdout.write(
    [
      `${values.source === "stdout" ? "stdout (engine, json-file)" : "file"}: ${LINES} lines of ${BYTES} bytes, fdatasync ${values.sync !== "0" ? "on" : "off"}, pace ${PACE >= 10_000_000 ? "unlimited" : `${PACE} batches/min`}`,
      `collected, buffered on disk, shipped and acknowledged: ${Math.round(LINES / seconds).toLocaleString("en")} lines/s (${seconds.toFixed(2)} s)`,
      `CPU: ${cpuPercent.toFixed(0)} % of one core (${((used.user + used.system) / LINES).toFixed(1)} µs a line)`,
      `shipped: ${(bytesSent / 1024 / 1024).toFixed(1)} MiB of JSON (${Math.round(bytesSent / LINES)} bytes a line)`,
    ].join("\n") + "\n",
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
