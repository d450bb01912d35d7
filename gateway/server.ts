/**
 * The gateway's HTTP(S) server: POST /v1/join (join token → node credential), GET /healthz, GET
 * /metrics (for Prometheus; scrape-auth.ts says who may read it) and the WebSocket upgrade on /v1/connect. Refused upgrades answer a plain HTTP error with a JSON
 * body the agent prints, so an operator sees why (revoked, removed, wrong protocol...).
 */
import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { busStats } from "@/lib/agent-bus/sealed";
import { AgentRefusal } from "@/lib/domain/agents/agent-refusal";
import { authenticateAgent } from "@/lib/domain/agents/authenticate-agent";
import { joinNode } from "@/lib/domain/agents/join-node";
import type { Env } from "@/lib/env";
import { proxyMatcher, resolveClientAddress } from "@/lib/http/client-address";
import type { Logger } from "@/lib/logger";
import { joinRequestSchema, type GatewayError } from "@/lib/protocol/messages";
import { AGENT_HEADERS, GATEWAY_PATHS, isSupportedProtocol, MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION } from "@/lib/protocol/version";
import { AgentConnection, type ConnectionDeps } from "./agent-connection";
import { MetricsEndpoint } from "./metrics-endpoint";
import { readJson } from "./read-json";
import { scrapeRefusal, scrapeVerdict } from "./scrape-auth";

const JOIN_BODY_LIMIT = 256 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function refuse(code: GatewayError["error"]["code"], message: string) {
  return new AgentRefusal(code, message);
}

/** X-Forwarded-For counts only from TRUSTED_PROXIES (lib/http/client-address.ts), as in the console. */
function clientIp(req: IncomingMessage, trustedProxies: readonly string[]): string | null {
  const header = (name: string) => [req.headers[name]].flat()[0] ?? null;
  return resolveClientAddress({
    peer: req.socket.remoteAddress,
    forwardedFor: header("x-forwarded-for"),
    realIp: header("x-real-ip"),
    isTrusted: proxyMatcher(trustedProxies),
  });
}

export function createGatewayServer({ env, deps, log }: { env: Env; deps: ConnectionDeps; log: Logger }) {
  // A frame over the limit closes the connection (1009) before it is buffered whole (finding 5d).
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.budgets.maxMessageBytes });
  const metrics = new MetricsEndpoint({
    store: deps.metrics,
    stats: deps.stats,
    connections: () => deps.registry.size,
    heartbeats: () => deps.liveness.heartbeats,
  });

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://gateway").pathname;
    try {
      if (req.method === "GET" && path === GATEWAY_PATHS.health) {
        return sendJson(res, 200, {
          ok: true,
          pid: process.pid,
          connections: deps.registry.size,
          heartbeats: deps.liveness.heartbeats,
          ...deps.stats,
          rssBytes: process.memoryUsage.rss(),
          busRejected: busStats.rejected,
        });
      }
      if (req.method === "GET" && path === GATEWAY_PATHS.metrics) {
        const verdict = scrapeVerdict({
          token: env.METRICS_SCRAPE_TOKEN,
          authorization: req.headers.authorization,
          peer: req.socket.remoteAddress,
        });
        if (verdict !== "ok") {
          const refusal = scrapeRefusal(verdict);
          return sendJson(res, refusal.status, refusal.body);
        }
        return metrics.write(res);
      }
      if (req.method === "POST" && path === GATEWAY_PATHS.join) {
        let raw: unknown;
        try {
          raw = await readJson(req, JOIN_BODY_LIMIT);
        } catch (err) {
          throw refuse("INVALID_INPUT", `The join request is not valid JSON: ${(err as Error).message}`);
        }
        const parsed = joinRequestSchema.safeParse(raw);
        if (!parsed.success)
          throw refuse(
            "INVALID_INPUT",
            `Invalid join request: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
          );
        const joined = await joinNode({ request: parsed.data, ip: clientIp(req, env.TRUSTED_PROXIES) });
        log.info({ agentId: joined.nodeId }, "node joined");
        return sendJson(res, 200, joined);
      }
      sendJson(res, 404, { error: { code: "INVALID_INPUT", message: `No such gateway endpoint: ${req.method} ${path}` } });
    } catch (err) {
      if (err instanceof AgentRefusal) return sendJson(res, err.status, err.toBody());
      log.error({ err }, "gateway request failed");
      sendJson(res, 500, { error: { code: "INTERNAL", message: "The gateway failed to handle the request" } });
    }
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const reject = (status: number, body: GatewayError) => {
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Error"}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    };
    try {
      if (new URL(req.url ?? "/", "http://gateway").pathname !== GATEWAY_PATHS.connect) {
        return reject(404, { error: { code: "INVALID_INPUT", message: "Agents connect on /v1/connect" } });
      }
      const version = Number(req.headers[AGENT_HEADERS.protocol]);
      if (!isSupportedProtocol(version)) {
        throw refuse(
          "PROTOCOL_UNSUPPORTED",
          `This control plane speaks agent protocol ${MIN_SUPPORTED_PROTOCOL}-${PROTOCOL_VERSION}; the agent sent ${req.headers[AGENT_HEADERS.protocol] ?? "none"}`,
        );
      }
      const credential = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (!credential) throw refuse("INVALID_CREDENTIAL", "The agent sent no node credential");
      const identity = await authenticateAgent({ credential });
      wss.handleUpgrade(req, socket, head, (ws) => new AgentConnection(ws, identity, deps));
    } catch (err) {
      if (err instanceof AgentRefusal) return reject(err.status, err.toBody());
      log.error({ err }, "agent upgrade failed");
      reject(500, { error: { code: "INTERNAL", message: "The gateway failed to accept the connection" } });
    }
  }

  const tls =
    env.GATEWAY_TLS_CERT_FILE && env.GATEWAY_TLS_KEY_FILE
      ? { cert: readFileSync(env.GATEWAY_TLS_CERT_FILE), key: readFileSync(env.GATEWAY_TLS_KEY_FILE) }
      : null;
  const handler = (req: IncomingMessage, res: ServerResponse) => void onRequest(req, res);
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head));
  return { server, wss, tls: Boolean(tls) };
}
