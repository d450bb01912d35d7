/**
 * A test "agent" without Docker: a WebSocket client speaking the agent protocol to the real gateway,
 * with whatever inventory the test gives it (a forged one, for hostile agents) and scripted answers
 * to commands. It records every command it receives.
 */
import WebSocket from "ws";
import { AGENT_HEADERS, GATEWAY_PATHS, PROTOCOL_VERSION, gatewayMessageSchema, type CommandMessage } from "@/lib/protocol";
import type { Inventory, SwarmState } from "@/lib/protocol/inventory";
import { testInventory } from "../../support/test-inventory";

export type JoinAnswer = {
  status: number;
  body: { nodeId?: string; clusterId?: string; credential?: string; error?: { code: string; message: string } };
};

/** POST /v1/join as an agent would. */
export async function joinAs(gatewayUrl: string, token: string, inventory: Inventory): Promise<JoinAnswer> {
  const res = await fetch(`${gatewayUrl}${GATEWAY_PATHS.join}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, protocolVersion: PROTOCOL_VERSION, agentVersion: "protocol-test", inventory }),
  });
  return { status: res.status, body: (await res.json()) as JoinAnswer["body"] };
}

/** An inventory for machine `machineId` with the swarm state the test wants it to claim. */
export function inventoryOf(machineId: string, swarm: Partial<SwarmState> = {}): Inventory {
  const base = testInventory(machineId);
  return { ...base, swarm: { ...base.swarm, ...swarm } };
}

export type Answer = (payload: unknown) => { ok: true; result: unknown } | { ok: false; message: string };

export class ProtocolAgent {
  readonly commands: CommandMessage[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private seq = 0;

  private constructor(
    private readonly ws: WebSocket,
    private readonly answers: Record<string, Answer>,
  ) {}

  /** Connects with a node credential, says hello with `inventory`, and resolves once welcomed. */
  static async connect(
    gatewayUrl: string,
    credential: string,
    inventory: Inventory,
    answers: Record<string, Answer> = {},
  ): Promise<ProtocolAgent> {
    const ws = new WebSocket(`${gatewayUrl.replace(/^http/, "ws")}${GATEWAY_PATHS.connect}`, {
      headers: { authorization: `Bearer ${credential}`, [AGENT_HEADERS.protocol]: String(PROTOCOL_VERSION) },
    });
    const agent = new ProtocolAgent(ws, answers);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no welcome within 10 s")), 10_000);
      ws.once("error", (err) => (clearTimeout(timer), reject(err)));
      ws.once("unexpected-response", (_req, res) => (clearTimeout(timer), reject(new Error(`connect refused: HTTP ${res.statusCode}`))));
      ws.on("message", (data) => {
        const parsed = gatewayMessageSchema.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === "welcome") {
          clearTimeout(timer);
          agent.startHeartbeats(message.heartbeatIntervalMs);
          resolve();
        } else if (message.type === "command") agent.onCommand(message);
        // logs.ack: this agent ships no log lines (tests/integration/logs use their own client).
      });
      ws.once("open", () => ws.send(JSON.stringify({ type: "hello", agentVersion: "protocol-test", inventory })));
    });
    return agent;
  }

  /** Commands of these types received so far. */
  received(...types: string[]): CommandMessage[] {
    return this.commands.filter((c) => types.includes(c.command));
  }

  sendInventory(inventory: Inventory): void {
    this.ws.send(JSON.stringify({ type: "inventory", inventory }));
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.ws.close(1000, "test done");
  }

  private startHeartbeats(everyMs: number) {
    const beat = () =>
      this.ws.readyState === WebSocket.OPEN &&
      this.ws.send(
        JSON.stringify({
          type: "heartbeat",
          seq: this.seq++,
          usage: { cpuPercent: 1, memoryUsedBytes: 1, memoryTotalBytes: 2, load1: 0 },
          containers: { running: 0, total: 0, unhealthy: 0, services: {} },
        }),
      );
    beat();
    this.heartbeat = setInterval(beat, Math.min(everyMs, 2_000));
  }

  private onCommand(command: CommandMessage) {
    this.commands.push(command);
    const answer = this.answers[command.command]?.(command.payload) ?? { ok: false as const, message: "not supported by this test agent" };
    this.ws.send(
      JSON.stringify(
        answer.ok
          ? { type: "result", commandId: command.id, ok: true, result: answer.result }
          : { type: "result", commandId: command.id, ok: false, error: { message: answer.message } },
      ),
    );
  }
}
