// A tiny stand-in for the Wharf gateway (labelled as such): POST /v1/join and the /v1/connect
// WebSocket, speaking lib/protocol, scripted by the test. Listens on 127.0.0.1 only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import WebSocket, { WebSocketServer } from "ws";
import {
  AGENT_HEADERS,
  agentMessageSchema,
  GATEWAY_PATHS,
  joinRequestSchema,
  PROTOCOL_VERSION,
  type AgentMessage,
  type GatewayError,
  type GatewayMessage,
  type JoinRequest,
} from "@/lib/protocol";

type Refusal = { status: number; code: GatewayError["error"]["code"]; message: string };

export type GatewayConnection = {
  ws: WebSocket;
  headers: http.IncomingHttpHeaders;
  messages: AgentMessage[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: GatewayMessage): void;
  /** Resolves with the first message (from now on, or already received) matching `predicate`. */
  next<T extends AgentMessage>(predicate: (message: AgentMessage) => message is T, timeoutMs?: number): Promise<T>;
};

export class FakeGateway {
  readonly joins: JoinRequest[] = [];
  readonly connections: GatewayConnection[] = [];
  /** Credentials the gateway accepts on connect. */
  readonly credentials = new Set<string>();
  /** Next join answers: a refusal, or undefined to accept. */
  joinScript: Array<Refusal | undefined> = [];
  heartbeatIntervalMs = 200;
  private readonly server = http.createServer((req, res) => this.onRequest(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private connectionWaiters: Array<() => void> = [];
  private issued = 0;

  constructor() {
    this.server.on("upgrade", (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  /** `host`: 127.0.0.1, or the runtime bridge (10.77.0.1) for an agent running in a netns node. */
  async start(host = "127.0.0.1"): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Resolves with connection number `index` (0-based) once the agent has opened it. */
  async connection(index: number, timeoutMs = 15_000): Promise<GatewayConnection> {
    const deadline = Date.now() + timeoutMs;
    while (!this.connections[index]) {
      if (Date.now() > deadline) throw new Error(`no connection #${index} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.connectionWaiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.connections[index];
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== GATEWAY_PATHS.join)
      return reply(404, { error: { code: "INVALID_INPUT", message: "not found" } });
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      const parsed = joinRequestSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return reply(422, { error: { code: "INVALID_INPUT", message: parsed.error.message } });
      this.joins.push(parsed.data);
      const refusal = this.joinScript.shift();
      if (refusal) return reply(refusal.status, { error: { code: refusal.code, message: refusal.message } });
      const credential = `wac_test_${++this.issued}_${Math.random().toString(36).slice(2)}`;
      this.credentials.add(credential);
      reply(200, { nodeId: "node_test", clusterId: "cluster_test", credential });
    });
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = ({ status, code, message }: Refusal) => {
      const body = JSON.stringify({ error: { code, message } });
      socket.end(
        `HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    if (req.url !== GATEWAY_PATHS.connect) return refuse({ status: 404, code: "INVALID_INPUT", message: "not found" });
    if (req.headers[AGENT_HEADERS.protocol] !== String(PROTOCOL_VERSION))
      return refuse({ status: 426, code: "PROTOCOL_UNSUPPORTED", message: "unsupported protocol" });
    const credential = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!this.credentials.has(credential)) return refuse({ status: 401, code: "INVALID_CREDENTIAL", message: "Unknown node credential" });
    this.wss.handleUpgrade(req, socket, head, (ws) => this.track(ws, req.headers));
  }

  private track(ws: WebSocket, headers: http.IncomingHttpHeaders): void {
    const messages: AgentMessage[] = [];
    const waiters: Array<() => void> = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on("message", (data) => {
      const message = agentMessageSchema.parse(JSON.parse(String(data)));
      messages.push(message);
      if (message.type === "hello") {
        ws.send(
          JSON.stringify({
            type: "welcome",
            protocolVersion: PROTOCOL_VERSION,
            nodeId: "node_test",
            clusterId: "cluster_test",
            heartbeatIntervalMs: this.heartbeatIntervalMs,
          }),
        );
      }
      for (const wake of waiters.splice(0)) wake();
    });
    const connection: GatewayConnection = {
      ws,
      headers,
      messages,
      closed,
      send: (message) => ws.send(JSON.stringify(message)),
      next: async (predicate, timeoutMs = 15_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = messages.find(predicate);
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`timed out; agent sent: ${messages.map((m) => m.type).join(", ")}`);
          await new Promise<void>((resolve) => {
            waiters.push(resolve);
            setTimeout(resolve, 100);
          });
        }
      },
    };
    this.connections.push(connection);
    for (const wake of this.connectionWaiters.splice(0)) wake();
  }
}
