/**
 * bench/agents.ts — N simulated agents over real WebSockets against a running control plane.
 *
 *   npm run bench:agents -- --agents 1000 --seconds 60 --commands 500
 *   npm run bench:agents -- --agents 1000 --containers-per-agent 30 --seconds 120 --commands 0
 *
 * Each simulated agent joins with a real join token (POST /v1/join), connects, says hello with a
 * full inventory, heartbeats at the interval the gateway dictates, and answers commands. Commands
 * are sent the way workers send them (sendCommand: Postgres row + Redis publish + wait for the
 * result). Prints connected agents, heartbeat throughput, command round-trip p50/p99 and the
 * gateway process's CPU. Numbers only; nothing is asserted. Cleans up its organisation after.
 *
 * With --containers-per-agent N, each agent also sends a metrics batch of N containers every
 * --metrics-seconds (10), as the real agent does, and while that runs the bench prints the
 * gateway's CPU, Prometheus' scrape of the gateway (duration, samples; Prometheus' own CPU and
 * memory) and the p50/p99 of the chart endpoints' domain functions against that Prometheus
 * (bench/support/metrics-load.ts).
 */
import "dotenv/config";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { busKeys } from "@/lib/agent-bus/keys";
import { closeSubscriber } from "@/lib/agent-bus/subscriber";
import { systemActor } from "@/lib/auth/context";
import { createCluster } from "@/lib/domain/clusters/create-cluster";
import { createJoinToken } from "@/lib/domain/clusters/create-join-token";
import { sendCommand } from "@/lib/domain/commands/send-command";
import { prisma } from "@/lib/db";
import type { Inventory } from "@/lib/protocol/inventory";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import { redis } from "@/lib/redis";
import { measureMetricsLoad, metricsBatch, waitForScrapedSamples } from "./support/metrics-load";

const { values } = parseArgs({
  options: {
    agents: { type: "string", default: "1000" },
    seconds: { type: "string", default: "60" },
    commands: { type: "string", default: "500" },
    gateway: { type: "string", default: process.env.GATEWAY_PUBLIC_URL ?? "http://127.0.0.1:3001" },
    "containers-per-agent": { type: "string", default: "0" },
    "metrics-seconds": { type: "string", default: "10" },
  },
});
const N = Number(values.agents);
const SECONDS = Number(values.seconds);
const COMMANDS = Number(values.commands);
const GATEWAY = values.gateway.replace(/\/$/, "");
const WS_URL = GATEWAY.replace(/^http/, "ws");
const CONTAINERS = Number(values["containers-per-agent"]);
const METRICS_EVERY_MS = Number(values["metrics-seconds"]) * 1000;

type Sim = { nodeId: string; ws: WebSocket; welcomed: boolean; heartbeats: number; timer?: NodeJS.Timeout; metricsTimer?: NodeJS.Timeout };

function inventory(i: number): Inventory {
  return {
    machineId: `bench-machine-${i}`,
    hostname: `bench-${i}`,
    os: { name: "Debian GNU/Linux 12", kernel: "6.1.0", arch: "x86_64" },
    cpu: { cores: 4 },
    memoryBytes: 8 * 2 ** 30,
    disk: { path: "/var/lib/docker", totalBytes: 100 * 2 ** 30, freeBytes: 60 * 2 ** 30 },
    docker: { version: "20.10.24", apiVersion: "1.41", rootDir: "/var/lib/docker", storageDriver: "overlay2" },
    gpus: [],
    engineLabels: {},
    addresses: [`10.200.${Math.floor(i / 250)}.${(i % 250) + 1}`],
    advertiseAddr: null,
    // Reported as already in a swarm, so the reconciler leaves simulated nodes alone.
    swarm: { state: "active", nodeId: `bench-swarm-node-${i}`, clusterId: "bench-swarm", isManager: false, managerAddrs: [], error: null },
  };
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
}

const gatewayStats = async () =>
  (await (await fetch(`${GATEWAY}/healthz`)).json()) as { pid: number; connections: number; heartbeats: number; messages: number };

const print = (line: string) => process.stdout.write(`${line}\n`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function join(token: string, i: number) {
  const res = await fetch(`${GATEWAY}/v1/join`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION, agentVersion: "bench", inventory: inventory(i) }),
  });
  if (!res.ok) throw new Error(`join ${i}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { nodeId: string; credential: string };
}

function connect(i: number, nodeId: string, credential: string): Promise<Sim> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${WS_URL}/v1/connect`, {
      headers: { authorization: `Bearer ${credential}`, "x-wharf-protocol": String(PROTOCOL_VERSION) },
    });
    const sim: Sim = { nodeId, ws, welcomed: false, heartbeats: 0 };
    ws.on("open", () => ws.send(JSON.stringify({ type: "hello", agentVersion: "bench", inventory: inventory(i) })));
    ws.on("error", reject);
    ws.on("message", (data) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: string; command?: string; heartbeatIntervalMs?: number };
      if (msg.type === "welcome") {
        sim.welcomed = true;
        const every = msg.heartbeatIntervalMs ?? 10_000;
        // Spread heartbeats over the interval, as independent machines would.
        setTimeout(() => {
          const beat = () => {
            sim.heartbeats++;
            ws.send(
              JSON.stringify({
                type: "heartbeat",
                seq: sim.heartbeats,
                usage: { cpuPercent: 12.5, memoryUsedBytes: 2 ** 31, memoryTotalBytes: 8 * 2 ** 30, load1: 0.4 },
                containers: { running: 30, total: 32, unhealthy: 0, services: { web: 10, api: 10, worker: 10 } },
              }),
            );
          };
          beat();
          sim.timer = setInterval(beat, every);
        }, Math.random() * every);
        if (CONTAINERS > 0) {
          // Spread over the interval too; each batch is sampled anew (values move a little).
          setTimeout(() => {
            const send = () =>
              ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(metricsBatch(i, CONTAINERS, METRICS_EVERY_MS / 1000)));
            send();
            sim.metricsTimer = setInterval(send, METRICS_EVERY_MS);
          }, Math.random() * METRICS_EVERY_MS);
        }
        resolve(sim);
      } else if (msg.type === "command" && msg.id) {
        const result = msg.command === "swarm.leave" ? { left: false } : {};
        ws.send(JSON.stringify({ type: "result", commandId: msg.id, ok: true, result }));
      }
    });
  });
}

async function main() {
  const org = await prisma.organization.create({ data: { name: "bench", slug: `bench-${Date.now().toString(36)}` }, select: { id: true } });
  const actor = systemActor("bench");
  const cluster = await createCluster({ orgId: org.id, actor, name: "bench" });
  const { token } = await createJoinToken({ orgId: org.id, clusterId: cluster.id, role: "WORKER", expiresInHours: 2, actor });
  const sims: Sim[] = [];
  try {
    const before = await gatewayStats();
    print(`gateway ${GATEWAY} (pid ${before.pid}); starting ${N} simulated agents`);
    const t0 = Date.now();
    const joined: Array<{ nodeId: string; credential: string }> = [];
    for (let i = 0; i < N; i += 50)
      joined.push(...(await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, j) => join(token, i + j)))));
    const tJoined = Date.now();
    for (let i = 0; i < N; i += 100)
      sims.push(...(await Promise.all(joined.slice(i, i + 100).map((j, k) => connect(i + k, j.nodeId, j.credential)))));
    const tConnected = Date.now();
    const afterConnect = await gatewayStats();
    print(
      `joined ${joined.length} in ${tJoined - t0} ms; connected ${sims.filter((s) => s.welcomed).length} in ${tConnected - tJoined} ms (gateway reports ${afterConnect.connections})`,
    );

    if (CONTAINERS > 0) {
      // Every node's first batch, scraped: N × (10 container series × containers + 7 node series + sample age).
      const waited = await waitForScrapedSamples(N * (CONTAINERS * 10 + 8));
      print(`every simulated node's metrics scraped by Prometheus after ${waited.toFixed(0)} s`);
    }
    // Steady state: heartbeats (and metrics batches, with --containers-per-agent).
    const cpu0 = cpuSeconds(before.pid);
    const hb0 = (await gatewayStats()).heartbeats;
    const w0 = Date.now();
    const metricsReport =
      CONTAINERS > 0
        ? measureMetricsLoad({ orgId: org.id, clusterId: cluster.id, nodeIds: sims.map((s) => s.nodeId), seconds: SECONDS })
        : new Promise<string[]>((r) => setTimeout(() => r([]), SECONDS * 1000));
    const metricsLines = await metricsReport;
    const wall = (Date.now() - w0) / 1000;
    const hb1 = (await gatewayStats()).heartbeats;
    const cpu1 = cpuSeconds(before.pid);

    // Command round trips, one after another, to random agents.
    const rtts: number[] = [];
    const c0 = cpuSeconds(before.pid);
    const cw0 = Date.now();
    for (let i = 0; i < COMMANDS; i++) {
      const sim = sims[Math.floor(Math.random() * sims.length)];
      if (!sim) break;
      const start = performance.now();
      await sendCommand({ nodeId: sim.nodeId, type: "swarm.leave", payload: { force: false }, timeoutMs: 10_000 });
      rtts.push(performance.now() - start);
    }
    const cwall = (Date.now() - cw0) / 1000;
    const c1 = cpuSeconds(before.pid);
    rtts.sort((a, b) => a - b);
    const ready = await prisma.node.count({ where: { clusterId: cluster.id, status: "READY" } });
    print("");
    print(`connected agents            ${(await gatewayStats()).connections} (nodes Ready in the database: ${ready})`);
    print(`heartbeats received         ${hb1 - hb0} in ${wall.toFixed(1)} s = ${((hb1 - hb0) / wall).toFixed(1)}/s`);
    print(`gateway CPU, heartbeats${CONTAINERS > 0 ? "+metrics" : "        "} ${(((cpu1 - cpu0) / wall) * 100).toFixed(1)}% of one core`);
    for (const line of metricsLines) print(line);
    print(
      `command round trip          p50 ${percentile(rtts, 50).toFixed(1)} ms, p99 ${percentile(rtts, 99).toFixed(1)} ms, max ${(rtts.at(-1) ?? NaN).toFixed(1)} ms (${rtts.length} commands)`,
    );
    print(`gateway CPU, with commands  ${(((c1 - c0) / cwall) * 100).toFixed(1)}% of one core`);
  } finally {
    for (const s of sims) {
      clearInterval(s.timer);
      clearInterval(s.metricsTimer);
      s.ws.close(1000);
    }
    // The gateway records 1,000 disconnects: deleting the nodes meanwhile would deadlock with those writes.
    for (let i = 0; i < 60 && (await gatewayStats().catch(() => ({ connections: 0 }))).connections > 0; i++)
      await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 1000));
    const ids = (await prisma.node.findMany({ where: { clusterId: cluster.id }, select: { id: true } })).map((n) => n.id);
    if (ids.length) {
      await redis().zrem(busKeys.nodeSeen(), ...ids);
      await redis().hdel(busKeys.nodeUsage(), ...ids);
      await redis().hdel(busKeys.nodeGateway(), ...ids);
    }
    // A straggling disconnect write can still deadlock with the cascade: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await prisma.organization.delete({ where: { id: org.id } });
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
    closeSubscriber();
    redis().disconnect();
    await prisma.$disconnect();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
