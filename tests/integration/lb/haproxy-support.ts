/**
 * The HAProxy driver against a REAL HAProxy 2.6: the agent's HAProxy module runs in this process
 * (state in a temp dir, HAProxy bound to 127.0.0.1 on free ports) behind an in-process transport
 * that runs each command through the agent's own command handlers, as a node would. Backends are
 * small Node HTTP servers on 127.0.0.1 that answer their own id (and /slow?ms=N, slowly).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { commandHandlers } from "@/agent/src/commands/command-handlers";
import { executeCommand } from "@/agent/src/commands/execute-command";
import { createDockerClient } from "@/agent/src/docker/docker-client";
import { createHaproxyManager, type HaproxyManager, type HaproxyManagerOptions } from "@/agent/src/haproxy/haproxy-manager";
import { createLogger } from "@/agent/src/log/logger";
import { StreamHub } from "@/agent/src/streams/stream-hub";
import { createHaproxyDriver } from "@/lib/drivers/lb/haproxy/driver";
import type { HaproxyCommandType, HaproxyNodeOutcome, HaproxyTransport } from "@/lib/drivers/lb/haproxy/transport";
import type { LbHandle, LoadBalancerDriver } from "@/lib/drivers/lb/types";
import type { CommandResult } from "@/lib/protocol/commands";
import type { HaproxyCertificate } from "@/lib/protocol/haproxy";

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolve(true)));
  });

/**
 * A port nothing listens on, below the kernel's ephemeral range (32768+): the many client
 * connections of these tests take their local ports from that range, and could take a front port
 * picked there before HAProxy binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
}

export const freePorts = async (n: number) => {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
};

export type Backend = { id: string; port: number; close(): Promise<void> };

/** An HTTP server on 127.0.0.1 answering its id; /slow?ms=N answers after N ms. */
export async function startBackend(id: string): Promise<Backend> {
  const server = http.createServer((req, res) => {
    const ms = Number(new URL(req.url ?? "/", "http://x").searchParams.get("ms") ?? 0);
    const answer = () => res.writeHead(200, { "content-type": "text/plain" }).end(id);
    if (req.url?.startsWith("/slow")) setTimeout(answer, ms);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    id,
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FlakyBackend = Backend & { served: () => { ok: number; failed: number } };

/**
 * An HTTP server on 127.0.0.1 that answers 500 ("fail <id>") to every `failEvery`-th request and
 * its id to the others, counting both. HAProxy's health checks (GET /) always get a 200 and are
 * not counted, so the server stays in its pool: test requests use another path.
 */
export async function startFlakyBackend(id: string, failEvery: number): Promise<FlakyBackend> {
  const served = { ok: 0, failed: 0 };
  const server = http.createServer((req, res) => {
    if (req.url === "/") return res.writeHead(200, { "content-type": "text/plain" }).end(id);
    const fail = (served.ok + served.failed + 1) % failEvery === 0;
    if (fail) served.failed++;
    else served.ok++;
    res.writeHead(fail ? 500 : 200, { "content-type": "text/plain" }).end(fail ? `fail ${id}` : id);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    id,
    port: (server.address() as net.AddressInfo).port,
    served: () => ({ ...served }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** One request on a fresh connection (no keep-alive: a reload must not refuse a new connection). */
export function request(
  port: number,
  o: { host?: string; path?: string; cookie?: string; tls?: { servername: string; ca: string } } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      connection: "close",
      ...(o.host ? { host: o.host } : {}),
      ...(o.cookie ? { cookie: o.cookie } : {}),
    };
    const options = { host: "127.0.0.1", port, path: o.path ?? "/", headers, agent: false as const, timeout: 10_000 };
    const done = (res: http.IncomingMessage) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on("error", reject);
    };
    const req = o.tls ? https.get({ ...options, servername: o.tls.servername, ca: o.tls.ca }, done) : http.get(options, done);
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
  });
}

/** Counts answers by body over `n` sequential requests. */
export async function tally(port: number, n: number, o: Parameters<typeof request>[1] = {}): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const reply = await request(port, o);
    const key = reply.status === 200 ? reply.body : `HTTP ${reply.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const MUTATING: ReadonlySet<HaproxyCommandType> = new Set([
  "haproxy.listener.ensure",
  "haproxy.backends.set",
  "haproxy.backend.drain",
  "haproxy.listener.delete",
  "haproxy.remove",
]);

/**
 * The agent side of one HAProxy node in this process: the manager, the transport the driver uses,
 * and what the node did (state-changing runtime commands and reloads, for the idempotency checks).
 */
export class InProcessNode {
  manager: HaproxyManager;
  mutations = 0;
  readonly certificates = new Map<string, HaproxyCertificate>();
  readonly stateDir: string;
  readonly options: HaproxyManagerOptions;
  private readonly docker = createDockerClient("/var/run/docker.sock");
  private readonly log = createLogger({ level: "warn", write: () => undefined });

  constructor(over: Partial<HaproxyManagerOptions> = {}) {
    // short: HAProxy's unix sockets live under it (108-byte limit)
    this.stateDir = mkdtempSync(path.join(tmpdir(), "whp-"));
    this.options = { stateDir: this.stateDir, log: this.log, supervisorIntervalMs: 300, drainGraceMs: 20_000, ...over };
    this.manager = createHaproxyManager(this.options);
  }

  readonly transport: HaproxyTransport = {
    run: async <T extends HaproxyCommandType>(
      _lb: LbHandle,
      command: T,
      payload: unknown,
    ): Promise<HaproxyNodeOutcome<CommandResult<T>>[]> => {
      const context = {
        docker: this.docker,
        advertiseAddr: null,
        log: this.log,
        signal: new AbortController().signal,
        streams: new StreamHub(),
        haproxy: this.manager,
      };
      const outcome = await executeCommand({ handlers: commandHandlers, type: command, payload, context });
      const node = { id: "node-in-process", hostname: "in-process" };
      if (!outcome.ok) return [{ node, ok: false, code: outcome.error.code, message: outcome.error.message }];
      if (MUTATING.has(command)) {
        const change = outcome.result as { changed?: boolean; runtimeCommands?: string[] };
        if (change.changed) this.mutations += 1 + (change.runtimeCommands?.length ?? 0);
      }
      return [{ node, ok: true, result: outcome.result as CommandResult<T> }];
    },
    certificates: async (_lb, ids) => (ids ? ids.flatMap((id) => this.certificates.get(id) ?? []) : [...this.certificates.values()]),
  };

  readonly driver: LoadBalancerDriver = createHaproxyDriver({ transport: this.transport });

  /** Replaces the manager by a new one on the same state dir (an agent restart); the old one is closed. */
  async restartAgent(): Promise<void> {
    await this.manager.close();
    this.manager = createHaproxyManager(this.options);
    await this.manager.start();
  }

  /** The running master's pid of a load balancer (from its pid file), or null. */
  masterPid(lbId: string): number | null {
    try {
      const pid = Number(readFileSync(path.join(this.stateDir, "haproxy", lbId, "haproxy.pid"), "utf8").trim());
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  }

  adminSocket = (lbId: string) => path.join(this.stateDir, "haproxy", lbId, "admin.sock");

  /** Stops the supervisor, then every HAProxy this node started (by pid file: the master stops its workers), and deletes the state. */
  async destroy(): Promise<void> {
    await this.manager.close();
    const root = path.join(this.stateDir, "haproxy");
    const lbIds = existsSync(root)
      ? readdirSync(root, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => d.name)
      : [];
    for (const lbId of lbIds) {
      const pid = this.masterPid(lbId);
      if (!pid) continue;
      process.kill(pid, "SIGTERM");
      for (let i = 0; i < 50 && this.masterPid(lbId) === pid; i++) await new Promise((r) => setTimeout(r, 50));
      if (this.masterPid(lbId) === pid) process.kill(pid, "SIGKILL");
    }
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}
