/**
 * Per-colour traffic figures over a recent window (LbStats.windows) from a REAL HAProxy 2.6's
 * request log: HAProxy sends one line per request over loopback UDP to the agent's HAProxy module
 * (in process, haproxy-support.ts), which counts them per listener and pool. Blue and green pools
 * of real backends — loopback servers, and containers of the wharf-test/node-app image with its
 * LATENCY_MS and FAIL_RATE — take a bounded number of requests; what the windows say is checked
 * against what the clients and the servers saw. Also: the log port survives an agent restart, and
 * moves (with a reload) when another process took it meanwhile.
 * All traffic goes to 127.0.0.1 or to the containers this file starts.
 */
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import path from "node:path";
import type Docker from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseInfoPid } from "@/agent/src/haproxy/runtime-parse";
import { socketCommand } from "@/agent/src/haproxy/runtime-socket";
import type { LbHandle, ListenerKey, PoolWindowStats, WeightedBackend } from "@/lib/drivers/lb/types";
import { dockerClient, ensureTestImages, TEST_IMAGES } from "@/tests/support/runtime/docker-env";
import { waitFor } from "../../support/wait-for";
import {
  freePort,
  freePorts,
  InProcessNode,
  request,
  startBackend,
  startFlakyBackend,
  tally,
  type Backend,
  type FlakyBackend,
  type Reply,
} from "./haproxy-support";

const handle = (id: string): LbHandle => ({ id, name: id, settings: { bindAddress: "127.0.0.1" }, credentials: null });
const member = (id: string, address: string, port: number, pool: string, weight: number): WeightedBackend => ({
  id,
  address,
  port,
  weight,
  pool,
});

let node: InProcessNode;

beforeAll(async () => {
  node = new InProcessNode();
  await node.manager.start();
});

afterAll(async () => {
  await node?.destroy();
});

async function windowsOf(lb: LbHandle, key: ListenerKey, windowMs = 60_000): Promise<PoolWindowStats[]> {
  const stats = await node.driver.stats(lb, { windowMs });
  expect(stats.windows, "the HAProxy driver reports windows").toBeDefined();
  return (stats.windows ?? []).filter((w) => w.listener.port === key.port && w.listener.protocol === key.protocol);
}

const total = (windows: PoolWindowStats[], field: "requests" | "responses5xx" | "connectionErrors" = "requests") =>
  windows.reduce((n, w) => n + w[field], 0);

/** The windows once every one of `n` requests has been logged (lines arrive just after the answers). */
const settled = (lb: LbHandle, key: ListenerKey, n: number) =>
  waitFor(
    `${n} requests in the windows`,
    async () => {
      const windows = await windowsOf(lb, key);
      return total(windows) === n ? windows : null;
    },
    10_000,
    50,
  );

function poolOf(windows: PoolWindowStats[], pool: string): PoolWindowStats {
  const found = windows.find((w) => w.pool === pool);
  expect(found, `a window for pool ${pool}`).toBeDefined();
  return found as PoolWindowStats;
}

const stateOf = (lbId: string) =>
  JSON.parse(readFileSync(path.join(node.stateDir, "haproxy", lbId, "state.json"), "utf8")) as { logging?: { port: number; key: string } };
const workerPid = async (lbId: string) => parseInfoPid(await socketCommand(node.adminSocket(lbId), "show info"));

describe("pool windows on a real HAProxy, loopback backends", () => {
  let blue: Backend[];
  let green: FlakyBackend;

  beforeAll(async () => {
    blue = await Promise.all(["blue-0", "blue-1"].map(startBackend));
    // every 4th request green gets answers 500
    green = await startFlakyBackend("green-0", 4);
  });

  afterAll(async () => {
    await Promise.all([...(blue ?? []), ...(green ? [green] : [])].map((b) => b.close()));
  });

  it("counts each colour's requests and 5xx answers as clients saw them, split by the weights, with plausible p50/p95", async () => {
    const lb = handle("win-split");
    const key: ListenerKey = { port: await freePort(), protocol: "http" };
    await node.driver.ensureListener(lb, key);
    // blue 2 x 60, green 40: green takes 25%
    await node.driver.setBackends(lb, key, [
      member("blue-0", "127.0.0.1", blue[0]!.port, "blue", 60),
      member("blue-1", "127.0.0.1", blue[1]!.port, "blue", 60),
      member("green-0", "127.0.0.1", green.port, "green", 40),
    ]);
    const n = 200;
    const seen = await tally(key.port, n, { path: "/work" });
    const windows = await settled(lb, key, n);

    const b = poolOf(windows, "blue");
    const g = poolOf(windows, "green");
    expect(b.requests).toBe((seen.get("blue-0") ?? 0) + (seen.get("blue-1") ?? 0));
    expect(g.requests).toBe(green.served().ok + green.served().failed);
    expect(Math.abs(g.requests - n / 4), `green took ${g.requests} of ${n}`).toBeLessThanOrEqual(n / 20);
    // every 500 green answered reached a client: HTTP retries no longer re-send 5xx to another server
    expect(green.served().failed).toBeGreaterThan(5);
    expect(seen.get("HTTP 500")).toBe(green.served().failed);
    expect(g.responses5xx).toBe(green.served().failed);
    expect([b.responses5xx, b.connectionErrors, g.connectionErrors]).toEqual([0, 0, 0]);
    for (const w of [b, g]) {
      expect(w.listener).toEqual({ port: key.port, protocol: "http" });
      expect(w.windowMs).toBeGreaterThan(0);
      expect(w.windowMs).toBeLessThanOrEqual(60_000);
      expect(w.p50Ms).not.toBeNull();
      expect(w.p95Ms as number).toBeGreaterThanOrEqual(w.p50Ms as number);
      expect(w.p95Ms as number, "loopback answers take milliseconds").toBeLessThan(1_000);
    }

    // the default window (5 s) holds them too; one second after the traffic, a 1 s window is empty
    const defaults = (await node.driver.stats(lb)).windows?.filter((w) => w.listener.port === key.port) ?? [];
    expect(defaults.every((w) => w.windowMs <= 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_200));
    const quiet = await windowsOf(lb, key, 1_000);
    expect(quiet.map((w) => [w.pool, w.requests, w.p50Ms]).sort()).toEqual([
      ["blue", 0, null],
      ["green", 0, null],
    ]);
  });

  it("counts requests no backend could take as connection errors, not as 5xx answers", async () => {
    const lb = handle("win-dead");
    const [front, nothing] = await freePorts(2);
    const key: ListenerKey = { port: front as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    // nothing listens on that port: HAProxy answers 503 itself
    await node.driver.setBackends(lb, key, [member("green-dead", "127.0.0.1", nothing as number, "green", 100)]);
    expect(await tally(key.port, 6, { path: "/work" })).toEqual(new Map([["HTTP 503", 6]]));
    const windows = await settled(lb, key, 6);
    // "green" while HAProxy still tries the server, "" once its health checks took it out
    expect(windows.every((w) => w.pool === "green" || w.pool === "")).toBe(true);
    expect(total(windows, "connectionErrors")).toBe(6);
    expect(total(windows, "responses5xx")).toBe(0);
  });

  it("keeps the log port across an agent restart without touching HAProxy, and moves HAProxy onto another one when it was taken meanwhile", async () => {
    const lb = handle("win-restart");
    const key: ListenerKey = { port: await freePort(), protocol: "http" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [member("blue-0", "127.0.0.1", blue[0]!.port, "blue", 100)]);
    const logging = stateOf(lb.id).logging;
    expect(logging?.port).toEqual(expect.any(Number));
    const worker = await workerPid(lb.id);

    await node.restartAgent();
    expect(stateOf(lb.id).logging).toEqual(logging);
    expect(await workerPid(lb.id), "HAProxy was not reloaded").toBe(worker);
    await tally(key.port, 10, { path: "/work" });
    expect(poolOf(await settled(lb, key, 10), "blue").requests).toBe(10);

    // while the agent is away, another process binds its log port
    await node.manager.close();
    const squatter = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => squatter.bind(logging?.port, "127.0.0.1", resolve));
    try {
      await node.restartAgent();
      const moved = stateOf(lb.id).logging;
      expect(moved?.key).toBe(logging?.key);
      expect(moved?.port).not.toBe(logging?.port);
      expect(readFileSync(path.join(node.stateDir, "haproxy", lb.id, "haproxy.cfg"), "utf8")).toContain(
        `    log 127.0.0.1:${moved?.port} `,
      );
      expect(await workerPid(lb.id), "reloaded onto the new port").not.toBe(worker);
      await tally(key.port, 7, { path: "/work" });
      expect(poolOf(await settled(lb, key, 7), "blue").requests).toBe(7);
    } finally {
      squatter.close();
    }
  });
});

describe("pool windows on a real HAProxy, wharf-test/node-app containers with LATENCY_MS and FAIL_RATE", () => {
  const docker: Docker = dockerClient();
  const prefix = `wharf-lbwin-${randomBytes(3).toString("hex")}`;
  const containers: Docker.Container[] = [];
  const addresses = new Map<string, string>();

  async function run(name: string, image: string, env: string[]): Promise<string> {
    const container = await docker.createContainer({
      name: `${prefix}-${name}`,
      Image: image,
      Env: env,
      Labels: { "org.wharf.test": "lb-windows" },
    });
    containers.push(container);
    await container.start();
    const info = await container.inspect();
    const address = Object.values(info.NetworkSettings.Networks ?? {})[0]?.IPAddress;
    if (!address) throw new Error(`container ${name} has no address`);
    await waitFor(`${name} to answer`, async () => (await plain(address, "/healthz").catch(() => null))?.status === 200, 30_000, 100);
    return address;
  }

  /** One request straight to a container (its readiness). */
  const plain = (address: string, urlPath: string) =>
    fetch(`http://${address}:3000${urlPath}`, { signal: AbortSignal.timeout(2_000) }).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));

  beforeAll(async () => {
    // rebuilt when scripts/runtime/images/app.js changed (its inputs are hashed)
    await ensureTestImages();
    addresses.set("blue", await run("blue", TEST_IMAGES.nodeAppV1, []));
    addresses.set("green", await run("green", TEST_IMAGES.nodeAppV2, ["LATENCY_MS=200", "FAIL_RATE=0.3"]));
  }, 600_000);

  afterAll(async () => {
    await Promise.all(containers.map((c) => c.remove({ force: true }).catch(() => undefined)));
  });

  it("a slow, failing green: p50 at least LATENCY_MS, its 5xx exactly the failures clients got; blue stays fast and clean", async () => {
    const lb = handle("win-containers");
    const key: ListenerKey = { port: await freePort(), protocol: "http" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [
      member("blue-task", addresses.get("blue") as string, 3000, "blue", 50),
      member("green-task", addresses.get("green") as string, 3000, "green", 50),
    ]);
    const replies: Reply[] = [];
    // 60 requests, 6 at a time
    for (let round = 0; round < 10; round++)
      replies.push(...(await Promise.all(Array.from({ length: 6 }, () => request(key.port, { path: "/work" })))));
    const windows = await settled(lb, key, replies.length);

    const fromBlue = replies.filter((r) => /^v1 /.test(r.body));
    const fromGreen = replies.filter((r) => /^(fail )?v2 /.test(r.body));
    expect(fromBlue.length + fromGreen.length, "every answer came from one of the two colours").toBe(60);
    const b = poolOf(windows, "blue");
    const g = poolOf(windows, "green");
    expect(b.requests).toBe(fromBlue.length);
    expect(g.requests).toBe(fromGreen.length);
    // FAIL_RATE also fails some of HAProxy's health checks (GET /): green may leave the pool for a moment
    expect(g.requests).toBeGreaterThanOrEqual(10);
    expect(g.responses5xx).toBe(fromGreen.filter((r) => r.status === 500).length);
    expect(g.responses5xx).toBeGreaterThan(0);
    expect([b.responses5xx, b.connectionErrors, g.connectionErrors]).toEqual([0, 0, 0]);
    expect(g.p50Ms as number).toBeGreaterThanOrEqual(200);
    expect(g.p95Ms as number).toBeGreaterThanOrEqual(g.p50Ms as number);
    expect(g.p95Ms as number).toBeLessThan(2_000);
    expect(b.p50Ms as number).toBeLessThan(200);
  });
});
