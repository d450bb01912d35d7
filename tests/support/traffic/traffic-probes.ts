/**
 * Probes for the traffic-layer tests: a bounded load generator (loopback only), HAProxy's pool as
 * its own admin socket reports it, the task containers Docker runs, and a convergence clock
 * between the two.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { dockerClient, type NetnsNode } from "../runtime/docker-env";

/** One request on a fresh connection (no keep-alive), so every request is balanced on its own. */
export function request(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 5_000,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { connection: "close", ...headers }, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

export type LoadResult = { ok: number; failed: number; errors: string[]; answeredBy: Set<string> };

/**
 * `concurrency` loops each sending one request at a time (with a short pause) until stopped or
 * `maxMs` passed — bounded in count and time. A request fails on a network error, a non-200
 * status, or a body that does not match `expect`.
 */
export function startLoad({
  url,
  concurrency = 4,
  pauseMs = 10,
  maxMs = 300_000,
  expect = /\S/,
}: {
  url: string;
  concurrency?: number;
  pauseMs?: number;
  maxMs?: number;
  expect?: RegExp;
}) {
  const result: LoadResult = { ok: 0, failed: 0, errors: [], answeredBy: new Set() };
  let stopped = false;
  const until = Date.now() + maxMs;
  const loop = async () => {
    while (!stopped && Date.now() < until) {
      try {
        const res = await request(url);
        if (res.status === 200 && expect.test(res.body)) {
          result.ok++;
          result.answeredBy.add(res.body.trim().split(/\s+/)[1] ?? "");
        } else {
          result.failed++;
          if (result.errors.length < 20) result.errors.push(`HTTP ${res.status}: ${res.body.slice(0, 100)}`);
        }
      } catch (error) {
        result.failed++;
        if (result.errors.length < 20) result.errors.push(error instanceof Error ? error.message : String(error));
      }
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    result,
    stop: async (): Promise<LoadResult> => {
      stopped = true;
      await Promise.all(loops);
      return result;
    },
  };
}

/** One command on an HAProxy runtime API socket. */
export function haproxyCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(socket, () => s.end(`${command}\n`));
    let out = "";
    s.setEncoding("utf8");
    s.on("data", (d: string) => {
      out += d;
    });
    s.on("end", () => resolve(out));
    s.on("error", reject);
    s.setTimeout(5_000, () => s.destroy(new Error(`no answer from ${socket}`)));
  });
}

export type PoolServer = { backend: string; server: string; address: string; status: string; weight: number };

/** Every server HAProxy holds (from `show stat`), with its admin/health status and weight. */
export async function haproxyServers(socket: string): Promise<PoolServer[]> {
  const csv = await haproxyCommand(socket, "show stat");
  const [header, ...rows] = csv.trim().split("\n");
  const columns = (header ?? "").replace(/^# /, "").split(",");
  const col = (name: string) => columns.indexOf(name);
  return rows
    .map((line) => line.split(","))
    .filter((f) => f[col("svname")] !== "FRONTEND" && f[col("svname")] !== "BACKEND" && f[col("type")] === "2")
    .map((f) => ({
      backend: f[col("pxname")] ?? "",
      server: f[col("svname")] ?? "",
      address: f[col("addr")] ?? "",
      status: f[col("status")] ?? "",
      weight: Number(f[col("weight")] ?? 0),
    }));
}

/** Addresses HAProxy will send new requests to: not in maintenance, not draining, weight above 0. */
export async function haproxyPool(socket: string, backend?: RegExp): Promise<string[]> {
  const servers = await haproxyServers(socket);
  return servers
    .filter((s) => (!backend || backend.test(s.backend)) && !/^(MAINT|DRAIN)/.test(s.status) && s.weight > 0)
    .map((s) => s.address)
    .sort();
}

/** The admin socket of a load balancer's HAProxy in an agent's state directory. */
export function adminSocket(stateDir: string, lbId: string): string {
  return path.join(stateDir, "haproxy", lbId, "admin.sock");
}

export function haproxyMasterPid(stateDir: string, lbId: string): number {
  return Number(
    readFileSync(path.join(stateDir, "haproxy", lbId, "haproxy.pid"), "utf8")
      .trim()
      .split(/\s+/)[0],
  );
}

/**
 * Containers the engines were told to stop (their `kill` event), per id: a task leaves "running"
 * for the balancer the moment its container is signalled, not when it finally exits. (The swarm
 * itself may take seconds between deciding to stop a task and signalling its container; until
 * then the task runs and serves, so that wait is not the balancer's lag.)
 */
export function watchKills(machines: NetnsNode[], swarmService: string): { killed: Set<string>; stop: () => void } {
  const killed = new Set<string>();
  const streams: Array<{ destroy: () => void }> = [];
  for (const m of machines) {
    void dockerClient(m.socketPath)
      .getEvents({ filters: { type: ["container"], event: ["kill"], label: [`com.docker.swarm.service.name=${swarmService}`] } })
      .then((stream) => {
        streams.push(stream as unknown as { destroy: () => void });
        let buffer = "";
        stream.on("data", (chunk: Buffer) => {
          buffer += chunk.toString("utf8");
          let newline: number;
          while ((newline = buffer.indexOf("\n")) >= 0) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            try {
              const id = (JSON.parse(line) as { id?: string }).id;
              if (id) killed.add(id);
            } catch {
              /* a partial line */
            }
          }
        });
      });
  }
  return {
    killed,
    stop: () => {
      for (const s of streams) s.destroy();
    },
  };
}

/** `address:hostPort` of every running container of a swarm service not yet signalled to stop, on every machine. */
export async function runningTaskAddresses(
  machines: NetnsNode[],
  swarmService: string,
  containerPort: number,
  killed: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const out: string[] = [];
  await Promise.all(
    machines.map(async (m) => {
      const containers = (await dockerClient(m.socketPath).listContainers({
        filters: { label: [`com.docker.swarm.service.name=${swarmService}`], status: ["running"] },
      })) as Array<{ Id: string; Ports: Array<{ PrivatePort: number; PublicPort?: number }> }>;
      for (const c of containers) {
        if (killed.has(c.Id)) continue;
        const port = c.Ports.find((p) => p.PrivatePort === containerPort && p.PublicPort)?.PublicPort;
        if (port) out.push(`${m.address}:${port}`);
      }
    }),
  );
  return [...new Set(out)].sort();
}

/**
 * Watches the running task containers (not signalled to stop) and HAProxy's pool side by side until the tasks number `count`
 * and the pool has equalled them for `stableMs`. For each state the tasks reach, the lag is the
 * time from the tasks reaching it to the pool reaching it (0 when the pool got there first, as a
 * drain on the stop signal can). Sampled every ~50 ms, so lags are accurate to a sample.
 */
export async function watchConvergence({
  machines,
  swarmService,
  containerPort,
  socket,
  count,
  stableMs = 1_500,
  timeoutMs = 120_000,
}: {
  machines: NetnsNode[];
  swarmService: string;
  containerPort: number;
  socket: string;
  count: number;
  stableMs?: number;
  timeoutMs?: number;
}): Promise<{ lags: number[]; pool: string[] }> {
  const kills = watchKills(machines, swarmService);
  try {
    return await convergence({ machines, swarmService, containerPort, socket, count, stableMs, timeoutMs, killed: kills.killed });
  } finally {
    kills.stop();
  }
}

async function convergence({
  machines,
  swarmService,
  containerPort,
  socket,
  count,
  stableMs,
  timeoutMs,
  killed,
}: {
  machines: NetnsNode[];
  swarmService: string;
  containerPort: number;
  socket: string;
  count: number;
  stableMs: number;
  timeoutMs: number;
  killed: ReadonlySet<string>;
}): Promise<{ lags: number[]; pool: string[] }> {
  const lags: number[] = [];
  const deadline = Date.now() + timeoutMs;
  const since = { running: new Map<string, number>(), pool: new Map<string, number>() };
  const recorded = new Set<string>();
  let equalSince: number | null = null;
  let last = { running: "", pool: "" };
  while (Date.now() < deadline) {
    const at = Date.now();
    const [running, pool] = await Promise.all([
      runningTaskAddresses(machines, swarmService, containerPort, killed),
      haproxyPool(socket).catch(() => [] as string[]),
    ]);
    const r = running.join(" ");
    const p = pool.join(" ");
    if (r !== last.running) since.running.set(r, at);
    if (p !== last.pool) since.pool.set(p, at);
    last = { running: r, pool: p };
    if (r === p) {
      if (!recorded.has(r)) {
        recorded.add(r);
        lags.push(Math.max(0, (since.pool.get(p) ?? at) - (since.running.get(r) ?? at)));
      }
      equalSince ??= at;
      if (running.length === count && at - equalSince >= stableMs) return { lags, pool };
    } else {
      equalSince = null;
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`the pool did not converge on ${count} tasks: running ${last.running}; pool ${last.pool}`);
}
