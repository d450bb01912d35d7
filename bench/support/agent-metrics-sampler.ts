/**
 * The measured half of bench/agent-metrics.ts, run as its own plain `node` process (bundled with
 * esbuild like the agent, so no TypeScript loader runs beside it and costs CPU): the agent's real
 * metrics sender and collector against the local engine for `--seconds`, every batch validated and
 * serialised as the session sends it. Prints one JSON object with what it measured.
 */
import { parseArgs } from "node:util";
import { createEngineConnection } from "@/agent/src/docker/engine-connection";
import { createLogger } from "@/agent/src/log/logger";
import { createMetricsCollector } from "@/agent/src/metrics/metrics-collector";
import { MetricsSender } from "@/agent/src/metrics/metrics-sender";
import { createMetricsEngine } from "@/agent/src/metrics/service-containers";
import { agentMessageSchema, type MetricsMessage } from "@/lib/protocol";

export type SamplerResult = {
  wallSeconds: number;
  cpuMs: number;
  samples: Array<{ cpuMs: number; wallMs: number }>;
  batches: Array<{ bytes: number; containers: number; sendCpuMs: number }>;
  skipped: number;
  rssBytes: number;
};

const { values } = parseArgs({ options: { seconds: { type: "string" }, interval: { type: "string" }, socket: { type: "string" } } });
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main(): Promise<void> {
  const intervalSeconds = Number(values.interval);
  const log = createLogger({ level: "warn" });
  const collector = createMetricsCollector({
    engine: createMetricsEngine(createEngineConnection(values.socket ?? "/var/run/docker.sock")),
    log,
    intervalSeconds,
  });
  const result: SamplerResult = { wallSeconds: 0, cpuMs: 0, samples: [], batches: [], skipped: 0, rssBytes: 0 };
  const timed = {
    get primed() {
      return collector.primed;
    },
    async collect() {
      const [c0, w0] = [cpuMs(), performance.now()];
      const message = await collector.collect();
      result.samples.push({ cpuMs: cpuMs() - c0, wallMs: performance.now() - w0 });
      return message;
    },
  };
  const send = (message: MetricsMessage) => {
    const c0 = cpuMs();
    // as the session sends it: validated against the protocol, then one JSON text frame
    const text = JSON.stringify(agentMessageSchema.parse(message));
    result.batches.push({ bytes: Buffer.byteLength(text), containers: message.containers.length, sendCpuMs: cpuMs() - c0 });
  };
  const sender = new MetricsSender({ collector: timed, intervalMs: intervalSeconds * 1000, log });
  const [cpu0, wall0] = [cpuMs(), performance.now()];
  sender.attach(send);
  await new Promise((resolve) => setTimeout(resolve, Number(values.seconds) * 1000));
  sender.detach();
  result.wallSeconds = (performance.now() - wall0) / 1000;
  result.cpuMs = cpuMs() - cpu0;
  result.skipped = sender.skipped;
  result.rssBytes = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
