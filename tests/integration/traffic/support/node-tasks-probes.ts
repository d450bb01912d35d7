/**
 * Probes for the task-report tests: a sampler that records every distinct NodeTasks row a node
 * gets (the rows are whole snapshots, so the sequence shows what the agent reported and in which
 * order), the gateway's counters, and a bare protocol client that can send any `tasks` message
 * with a real node credential (for the hostile cases).
 */
import WebSocket from "ws";
import { prisma } from "@/lib/db";
import { AGENT_HEADERS, GATEWAY_PATHS, PROTOCOL_VERSION } from "@/lib/protocol";
import type { ReportedTask } from "@/lib/protocol/task-report";
import { testInventory } from "../../../support/test-inventory";
import { waitFor } from "../../../support/wait-for";

export type Sample = { hash: string; reportedAt: Date; tasks: ReportedTask[]; seenAt: number };

export type NodeTasksSampler = { samples: Sample[]; started: Promise<void>; stop: () => Promise<void> };

/** Polls the node's NodeTasks row every `everyMs` and keeps each new version of it. */
export function sampleNodeTasks(nodeId: string, everyMs = 20): NodeTasksSampler {
  const samples: Sample[] = [];
  let busy: Promise<void> | null = null;
  const poll = async () => {
    const row = await prisma.nodeTasks.findUnique({ where: { nodeId }, select: { hash: true, reportedAt: true, tasks: true } });
    if (row && row.hash !== samples.at(-1)?.hash)
      samples.push({ hash: row.hash, reportedAt: row.reportedAt, tasks: row.tasks as unknown as ReportedTask[], seenAt: Date.now() });
  };
  const timer = setInterval(() => {
    busy ??= poll().finally(() => (busy = null));
  }, everyMs);
  // The state before the change a test makes must be in the samples: callers await this first.
  const started: Promise<void> = (busy = poll().finally(() => (busy = null)));
  return {
    samples,
    started,
    stop: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}

export async function nodeTasksOf(nodeId: string) {
  const row = await prisma.nodeTasks.findUnique({ where: { nodeId } });
  return row ? { ...row, tasks: row.tasks as unknown as ReportedTask[] } : null;
}

export async function trafficRequested(clusterId: string): Promise<number> {
  return (await prisma.cluster.findUniqueOrThrow({ where: { id: clusterId }, select: { trafficRequested: true } })).trafficRequested;
}

export type GatewayCounters = { pid: number; taskReports: number; taskWrites: number; overBudget: number };

export async function gatewayCounters(port: number): Promise<GatewayCounters> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as GatewayCounters;
}

/**
 * A protocol client with a node credential: says hello, answers every command (swarm.leave as done,
 * anything else as unsupported, so no reconcile waits on it), and sends whatever the test asks.
 */
export type RawAgent = { send(message: unknown): void; closed: Promise<number>; close(): void };

export async function connectRawAgent(port: number, credential: string, machineId: string): Promise<RawAgent> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${GATEWAY_PATHS.connect}`, {
    headers: { authorization: `Bearer ${credential}`, [AGENT_HEADERS.protocol]: String(PROTOCOL_VERSION) },
  });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  const send = (message: unknown) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(message));
  // heartbeats keep the node Ready (no liveness change may bump the cluster's traffic meanwhile)
  let seq = 0;
  const beat = () =>
    send({
      type: "heartbeat",
      seq: seq++,
      usage: { cpuPercent: 1, memoryUsedBytes: 1, memoryTotalBytes: 2, load1: 0 },
      containers: { running: 0, total: 0, unhealthy: 0, services: {} },
    });
  let heartbeats: NodeJS.Timeout | undefined;
  void closed.then(() => clearInterval(heartbeats));
  let welcomed = false;
  ws.on("message", (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: string; command?: string };
    if (message.type === "welcome") welcomed = true;
    if (message.type !== "command") return;
    send(
      message.command === "swarm.leave"
        ? { type: "result", commandId: message.id, ok: true, result: { left: false } }
        : { type: "result", commandId: message.id, ok: false, error: { message: "not supported by this test client" } },
    );
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.once("open", () => resolve());
  });
  send({ type: "hello", agentVersion: "task-report-test", inventory: testInventory(machineId) });
  await waitFor("the welcome", async () => welcomed, 10_000, 20);
  heartbeats = setInterval(beat, 2_000);
  return { send, closed, close: () => ws.close(1000, "test done") };
}
