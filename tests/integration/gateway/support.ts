/**
 * A protocol-speaking test agent: a WebSocket client with a real node credential that says hello,
 * records what the gateway sends, and (unless told to hold) answers commands the way bench/agents
 * does. Hostile tests use its socket to send whatever they like.
 */
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import type { Inventory } from "@/lib/protocol/inventory";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import { testInventory } from "../../support/test-inventory";
import { waitFor } from "../../support/wait-for";

export type TestCommand = { type: "command"; id: string; command: string; payload: unknown; timeoutMs: number };

export type TestAgent = {
  ws: WebSocket;
  commands: TestCommand[];
  /** Resolves with the close code once the gateway (or the test) closed the connection. */
  closed: Promise<number>;
  /** When true, commands are recorded but not answered (the test answers them). */
  hold: boolean;
  send(message: unknown): void;
  answer(id: string, result: unknown): void;
};

export function connectTestAgent({
  port,
  credential,
  inventory = testInventory(`test-agent-${Date.now()}`),
}: {
  port: number;
  credential: string;
  inventory?: Inventory;
}): Promise<TestAgent> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/connect`, {
    headers: { authorization: `Bearer ${credential}`, "x-wharf-protocol": String(PROTOCOL_VERSION) },
  });
  let welcomed = false;
  const agent: TestAgent = {
    ws,
    commands: [],
    closed: new Promise((resolve) => ws.once("close", (code) => resolve(code))),
    hold: false,
    send: (message) => ws.send(JSON.stringify(message)),
    answer: (id, result) => ws.send(JSON.stringify({ type: "result", commandId: id, ok: true, result })),
  };
  ws.on("message", (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id?: string; command?: string };
    if (message.type === "welcome") welcomed = true;
    if (message.type !== "command") return;
    agent.commands.push(message as unknown as TestCommand);
    if (!agent.hold && message.command === "swarm.leave") agent.answer(message.id ?? "", { left: false });
  });
  return new Promise((resolve, reject) => {
    ws.once("error", reject);
    ws.once("open", () => {
      agent.send({ type: "hello", agentVersion: "test-agent", inventory });
      waitFor("the welcome", async () => welcomed, 10_000, 20).then(() => resolve(agent), reject);
    });
  });
}

/** Peak resident memory of a process so far (VmHWM), in bytes. */
export function peakRss(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

export type GatewayHealth = {
  pid: number;
  connections: number;
  messages: number;
  inventoryWrites?: number;
  overBudget?: number;
  throttled?: number;
  busRejected?: number;
};

export async function gatewayHealth(port: number): Promise<GatewayHealth> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as GatewayHealth;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
