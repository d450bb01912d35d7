/**
 * The HAProxy driver against a REAL HAProxy 2.6 (haproxy-support.ts): the shared conformance
 * scenarios (http and tcp listeners), then what only a real data path shows — weights splitting
 * traffic, pool changes without a reload, a seamless reload under load, drains that let in-flight
 * requests finish, the supervisor bringing a killed HAProxy back with its whole configuration,
 * HAProxy outliving the agent, sticky cookies, Host-header routing and TLS with SNI.
 * All traffic goes to 127.0.0.1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { socketCommand } from "@/agent/src/haproxy/runtime-socket";
import { parseInfoPid } from "@/agent/src/haproxy/runtime-parse";
import { createHaproxyManager } from "@/agent/src/haproxy/haproxy-manager";
import { createLogger } from "@/agent/src/log/logger";
import { AppError } from "@/lib/errors";
import type { LbHandle, ListenerKey, WeightedBackend } from "@/lib/drivers/lb/types";
import { makeCertificate } from "../../support/test-certificates";
import { waitFor } from "../../support/wait-for";
import { driverConformance, type ConformanceHarness } from "./driver-conformance";
import { freePorts, InProcessNode, request, startBackend, tally, type Backend } from "./haproxy-support";

/** Six backends and the in-process HAProxy node, shared by every scenario of this file. */
let shared: Promise<{ backends: Backend[]; node: InProcessNode }> | null = null;
const world = () =>
  (shared ??= (async () => {
    const backends = await Promise.all(["b0", "b1", "b2", "b3", "b4", "b5"].map(startBackend));
    const node = new InProcessNode();
    await node.manager.start();
    return { backends, node };
  })());

afterAll(async () => {
  if (!shared) return;
  const { backends, node } = await shared;
  await node.destroy();
  await Promise.all(backends.map((b) => b.close()));
});

const handle = (id: string, ports: { httpPort?: number; httpsPort?: number } = {}, bindAddress = "127.0.0.1"): LbHandle => ({
  id,
  name: id,
  settings: { bindAddress, httpPort: ports.httpPort ?? 80, httpsPort: ports.httpsPort ?? 443 },
  credentials: null,
});

const backendAt = (backends: Backend[], slot: number, pool: string, weight: number): WeightedBackend => ({
  id: `task${slot}`,
  address: "127.0.0.1",
  port: (backends[slot] as Backend).port,
  weight,
  pool,
});

function harness(protocol: "http" | "tcp"): ConformanceHarness {
  let node: InProcessNode;
  return {
    label: `haproxy, ${protocol} listeners (REAL HAProxy 2.6, the agent's HAProxy module in process)`,
    setup: async () => {
      const w = await world();
      node = w.node;
      const ports = await freePorts(10);
      return {
        driver: node.driver,
        lb: handle(`conf-${protocol}`),
        protocol,
        backend: (slot, pool, weight) => backendAt(w.backends, slot, pool, weight),
        port: (i) => ports[i] as number,
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the node refuses to listen there
        broken: handle(`conf-${protocol}-broken`, {}, "192.0.2.1"),
        splitsPools: true,
      };
    },
    observe: {
      mutations: () => node.mutations,
      // the supervisor's pass deletes drained servers whose sessions ended
      settle: () => node.manager.superviseAll(),
    },
  };
}

driverConformance(harness("http"));
driverConformance(harness("tcp"));

describe("HAProxy driver on a real HAProxy", () => {
  let node: InProcessNode;
  let backends: Backend[];
  const b = (slot: number, pool = "main", weight = 100) => backendAt(backends, slot, pool, weight);
  const workerPid = async (lbId: string) => parseInfoPid(await socketCommand(node.adminSocket(lbId), "show info"));

  beforeAll(async () => {
    ({ node, backends } = await world());
  });

  it("splits traffic by weight: 75/25 over 400 requests, within 5%", async () => {
    const lb = handle("weights");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [b(0, "blue", 75), b(1, "green", 25)]);
    const counts = await tally(key.port, 400);
    expect(counts.get("b0")! + counts.get("b1")!).toBe(400);
    expect(Math.abs(counts.get("b0")! - 300)).toBeLessThanOrEqual(20);
    await node.driver.setBackends(lb, key, [b(0, "blue", 25), b(1, "green", 75)]);
    const flipped = await tally(key.port, 400);
    expect(Math.abs(flipped.get("b1")! - 300)).toBeLessThanOrEqual(20);
  });

  it("changes pools through the runtime API without a reload: the worker stays the same", async () => {
    const lb = handle("no-reload");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    const pid = await workerPid(lb.id);
    expect(pid).toEqual(expect.any(Number));
    const mutationsBefore = node.mutations;
    for (const pool of [[b(0)], [b(0), b(1), b(2)], [b(1, "main", 10), b(2, "main", 200)], [b(3)], []]) {
      await node.driver.setBackends(lb, key, pool);
      const served = pool.length ? await tally(key.port, 6) : null;
      if (served)
        expect(
          [...served.keys()].every((id) => pool.some((p) => p.id === `task${id.slice(1)}`)),
          [...served.keys()].join(),
        ).toBe(true);
    }
    await node.driver.drainBackend(lb, key, "task3");
    expect(node.mutations).toBeGreaterThan(mutationsBefore);
    expect(await workerPid(lb.id)).toBe(pid);
    const reply = await request(key.port);
    expect(reply.status, "an empty pool answers 503").toBe(503);
  });

  it("adds a listener with a seamless reload: 0 failed requests under a bounded concurrent load", async () => {
    const lb = handle("reload");
    const ports = await freePorts(4);
    const key: ListenerKey = { port: ports[0] as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [b(0), b(1)]);
    const pid = await workerPid(lb.id);
    let stop = false;
    let ok = 0;
    const failures: string[] = [];
    // 8 clients, each one request at a time on a new connection, until told to stop
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        const reply = await request(key.port).catch((e: Error) => ({ status: 0, body: e.message }));
        if (reply.status === 200) ok++;
        else failures.push(`${reply.status} ${reply.body}`);
      }
    });
    for (const extra of ports.slice(1)) {
      await new Promise((r) => setTimeout(r, 300));
      await node.driver.ensureListener(lb, { port: extra, protocol: "tcp" });
    }
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(50);
    expect(await workerPid(lb.id), "a new worker serves").not.toBe(pid);
    const observed = await node.driver.describe(lb);
    expect(observed.listeners.map((l) => `${l.protocol}:${l.port}`)).toEqual(
      [`http:${ports[0]}`, ...ports.slice(1).map((p) => `tcp:${p}`)].sort((x, y) => Number(x.split(":")[1]) - Number(y.split(":")[1])),
    );
    expect(
      observed.listeners
        .find((l) => l.port === key.port)
        ?.backends.map((x) => x.id)
        .sort(),
    ).toEqual(["task0", "task1"]);
  });

  it("a drained backend finishes its in-flight request and gets no new ones; removed, it is deleted once idle", async () => {
    const lb = handle("drain");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    // b1 at weight 0: the slow request goes to b0
    await node.driver.setBackends(lb, key, [b(0), b(1, "main", 0)]);
    const sessionsOf = async (id: string) =>
      (await node.manager.describe({ lbId: lb.id })).listeners[0]?.pools[0]?.servers.find((s) => s.id === id)?.sessions;
    const slow = request(key.port, { path: "/slow?ms=1500" });
    await waitFor("the slow request to reach b0", async () => (await sessionsOf("task0")) === 1, 5_000, 50);
    await node.driver.setBackends(lb, key, [b(0), b(1)]);
    await node.driver.drainBackend(lb, key, b(0));
    const during = await tally(key.port, 20);
    expect(during).toEqual(new Map([["b1", 20]]));
    const drained = (await node.driver.describe(lb)).listeners[0]?.backends.find((x) => x.id === "task0");
    expect([drained?.state, drained?.weight]).toEqual(["draining", 0]);
    expect(await slow).toMatchObject({ status: 200, body: "b0" });

    // removal: drained first, its in-flight request finishes, then it is deleted
    await node.driver.setBackends(lb, key, [b(0), b(1, "main", 0)]);
    const slow2 = request(key.port, { path: "/slow?ms=1500" });
    await waitFor("a slow request on b0", async () => (await sessionsOf("task0")) === 1, 5_000, 50);
    await node.driver.setBackends(lb, key, [b(1)]);
    const leaving = (await node.driver.describe(lb)).listeners[0]?.backends.find((x) => x.id === "task0");
    expect(leaving?.state).toBe("draining");
    expect(await slow2, "never cut mid-request").toMatchObject({ status: 200, body: "b0" });
    await waitFor(
      "the drained server to be deleted",
      async () => !(await node.driver.describe(lb)).listeners[0]?.backends.some((x) => x.id === "task0"),
      5_000,
    );
    expect(await tally(key.port, 5)).toEqual(new Map([["b1", 5]]));
  });

  it("kill -9 of the HAProxy master: the supervisor starts it again with the full config, pool and weights intact", async () => {
    const lb = handle("killed");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [b(0), b(1)]);
    // a runtime-only change since the last reload: it must survive the restart too
    await node.driver.setBackends(lb, key, [b(0, "blue", 30), b(1, "green", 90), b(2, "green", 30)]);
    const before = node.masterPid(lb.id);
    expect(before).toEqual(expect.any(Number));
    process.kill(before as number, "SIGKILL");
    await waitFor(
      "HAProxy to serve again",
      async () => node.masterPid(lb.id) !== before && (await request(key.port).catch(() => null))?.status === 200,
      15_000,
      100,
    );
    const observed = (await node.driver.describe(lb)).listeners[0];
    expect(observed?.backends.map((x) => [x.id, x.pool, x.weight, x.state]).sort()).toEqual([
      ["task0", "blue", 30, "active"],
      ["task1", "green", 90, "active"],
      ["task2", "green", 30, "active"],
    ]);
    const counts = await tally(key.port, 150);
    expect(Math.abs(counts.get("b1")! - 90)).toBeLessThanOrEqual(8);
  });

  it("a reload HAProxy refuses leaves the previous configuration serving, restored on disk too", async () => {
    const lb = handle("refused");
    const ports = await freePorts(2);
    const key: ListenerKey = { port: ports[0] as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [b(0)]);
    // the port is held already (no pre-flight check), but 192.0.2.1 is no address of this machine
    const error = await node.driver.ensureListener(handle("refused", {}, "192.0.2.1"), key).catch((e: unknown) => e);
    expect((error as AppError).message).toMatch(/HAPROXY_RELOAD_FAILED.*192\.0\.2\.1/);
    expect(await tally(key.port, 3)).toEqual(new Map([["b0", 3]]));
    expect((await node.manager.describe({ lbId: lb.id })).settings?.bindAddress).toBe("127.0.0.1");
    // and HAProxy takes changes again: a pool change, then a new listener (another reload)
    await node.driver.setBackends(lb, key, [b(1)]);
    await node.driver.ensureListener(lb, { port: ports[1] as number, protocol: "http" });
    await node.driver.setBackends(lb, { port: ports[1] as number, protocol: "http" }, [b(2)]);
    expect(await tally(key.port, 2)).toEqual(new Map([["b1", 2]]));
    expect(await tally(ports[1] as number, 2)).toEqual(new Map([["b2", 2]]));
  });

  it("keeps serving when the agent side stops; a restarted agent adopts it without restarting it", async () => {
    const lb = handle("outlives");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "tcp" };
    await node.driver.ensureListener(lb, key);
    await node.driver.setBackends(lb, key, [b(4), b(5)]);
    const master = node.masterPid(lb.id);
    const worker = await workerPid(lb.id);
    await node.manager.close();
    expect(await tally(key.port, 10)).toEqual(
      new Map([
        ["b4", 5],
        ["b5", 5],
      ]),
    );
    await node.restartAgent();
    expect(node.masterPid(lb.id)).toBe(master);
    expect(await workerPid(lb.id)).toBe(worker);
    await node.driver.setBackends(lb, key, [b(4)]);
    expect(await tally(key.port, 4)).toEqual(new Map([["b4", 4]]));
  });

  it("sticky sessions: the inserted cookie keeps a client on one backend, servers added at runtime included", async () => {
    const lb = handle("sticky");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "http" };
    await node.driver.ensureListener(lb, { ...key, stickySessions: true });
    await node.driver.setBackends(lb, key, [b(0), b(1), b(2)]);
    const first = await request(key.port);
    const cookie = String(first.headers["set-cookie"]?.[0] ?? "").split(";")[0] as string;
    expect(cookie).toMatch(/^WHARFSTICKY=\w+/);
    expect(await tally(key.port, 20, { cookie })).toEqual(new Map([[first.body, 20]]));
    expect((await tally(key.port, 9)).size, "without the cookie, requests spread").toBe(3);

    await node.driver.setBackends(lb, key, [b(0), b(1), b(2), b(3)]);
    let added: { body: string; cookie: string } | null = null;
    for (let i = 0; i < 12 && !added; i++) {
      const reply = await request(key.port);
      if (reply.body === "b3") added = { body: reply.body, cookie: String(reply.headers["set-cookie"]?.[0] ?? "").split(";")[0] as string };
    }
    expect(added?.cookie).toMatch(/^WHARFSTICKY=\w+/);
    expect(await tally(key.port, 10, { cookie: added?.cookie })).toEqual(new Map([["b3", 10]]));

    // drained or removed, a server gets no new request, not even from clients stuck to it
    await node.driver.drainBackend(lb, key, "task3");
    const moved = await tally(key.port, 6, { cookie: added?.cookie });
    expect(moved.has("b3"), [...moved.keys()].join()).toBe(false);
    expect((await node.driver.describe(lb)).listeners[0]?.backends.find((x) => x.id === "task3")).toMatchObject({
      state: "draining",
      weight: 0,
    });
    let b0Cookie = "";
    for (let i = 0; i < 12 && !b0Cookie; i++) {
      const reply = await request(key.port);
      if (reply.body === "b0") b0Cookie = String(reply.headers["set-cookie"]?.[0] ?? "").split(";")[0] as string;
    }
    expect(await tally(key.port, 3, { cookie: b0Cookie })).toEqual(new Map([["b0", 3]]));
    await node.driver.setBackends(lb, key, [b(1), b(2)]);
    const rerouted = await tally(key.port, 6, { cookie: b0Cookie });
    expect(
      [...rerouted.keys()].every((id) => id === "b1" || id === "b2"),
      [...rerouted.keys()].join(),
    ).toBe(true);
  });

  it("routes by Host header: two hosts on one port reach their own pools; a path prefix wins over /; unknown hosts get 404", async () => {
    const [port] = await freePorts(1);
    const lb = handle("routing", { httpPort: port });
    const routes = [
      { name: "shop-web-80", hosts: ["shop.test", "www.shop.test"], pathPrefix: "/", stickySessions: false },
      { name: "shop-api-80", hosts: ["shop.test"], pathPrefix: "/api", stickySessions: false },
      { name: "blog-web-80", hosts: ["blog.test"], pathPrefix: "/", stickySessions: false },
      { name: "empty-80", hosts: ["empty.test"], pathPrefix: "/", stickySessions: false },
    ];
    await node.driver.ensureListener(lb, { port: port as number, protocol: "http", routes });
    const route = (name: string): ListenerKey => ({ port: port as number, protocol: "http", route: name });
    await node.driver.setBackends(lb, route("shop-web-80"), [b(0), b(1)]);
    await node.driver.setBackends(lb, route("shop-api-80"), [b(2)]);
    await node.driver.setBackends(lb, route("blog-web-80"), [b(3)]);
    const p = port as number;
    expect(await tally(p, 4, { host: "shop.test" })).toEqual(
      new Map([
        ["b0", 2],
        ["b1", 2],
      ]),
    );
    expect(await tally(p, 2, { host: "WWW.Shop.Test:80" })).toEqual(
      new Map([
        ["b0", 1],
        ["b1", 1],
      ]),
    );
    expect(await tally(p, 3, { host: "shop.test", path: "/api/orders" })).toEqual(new Map([["b2", 3]]));
    expect(await tally(p, 2, { host: "shop.test", path: "/apiary" })).toEqual(
      new Map([
        ["b0", 1],
        ["b1", 1],
      ]),
    );
    expect(await tally(p, 3, { host: "blog.test", path: "/api/x" })).toEqual(new Map([["b3", 3]]));
    expect((await request(p, { host: "nobody.test" })).status).toBe(404);
    expect((await request(p, { host: "empty.test" })).status, "a route without backends").toBe(503);
    const observed = (await node.driver.describe(lb)).listeners[0];
    expect(observed?.routes?.map((r) => r.name)).toEqual(routes.map((r) => r.name));
    expect(observed?.backends.filter((x) => x.route === "shop-api-80").map((x) => x.id)).toEqual(["task2"]);
    const stats = await node.driver.stats(lb);
    expect(stats.listeners.find((l) => l.route === "shop-api-80")?.backends[0]?.requests).toBe(3);
  });

  it("terminates TLS with the uploaded certificate chosen by SNI; private keys stay mode 600 on the node", async () => {
    const { certificate: certPem, privateKey: keyPem } = makeCertificate({ domains: ["secure.test"], keyType: "rsa", days: 2 });
    try {
      node.certificates.set("cert-secure", { name: "cert-secure", pem: `${certPem}${keyPem}` });
      const [port] = await freePorts(1);
      const lb = handle("tls", { httpsPort: port });
      const key: ListenerKey = { port: port as number, protocol: "https", route: "secure-web-443" };
      await node.driver.ensureListener(lb, {
        port: key.port,
        protocol: "https",
        routes: [{ name: "secure-web-443", hosts: ["secure.test"], pathPrefix: "/", stickySessions: false }],
      });
      await node.driver.setBackends(lb, key, [b(5)]);
      const reply = await request(key.port, { host: "secure.test", tls: { servername: "secure.test", ca: certPem } });
      expect(reply).toMatchObject({ status: 200, body: "b5" });
      const certs = path.join(node.stateDir, "haproxy", lb.id, "certs");
      const pems = readdirSync(certs).filter((f) => f.endsWith(".pem"));
      expect(pems).toHaveLength(1);
      expect(statSync(path.join(certs, pems[0] as string)).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(node.stateDir, "haproxy", lb.id)).mode & 0o777).toBe(0o700);
      expect((await node.driver.describe(lb)).listeners[0]?.certificateIds).toEqual(["cert-secure"]);
    } finally {
      node.certificates.clear();
    }
  });

  it("runs concurrent commands for one load balancer one at a time, in order; haproxy.remove stops it and deletes its state", async () => {
    const lb = handle("serial");
    const [port] = await freePorts(1);
    const key: ListenerKey = { port: port as number, protocol: "http" };
    await node.driver.ensureListener(lb, key);
    const pools = [[b(0)], [b(0), b(1)], [b(2)], [b(1), b(2), b(3)], [b(4, "main", 7), b(5, "main", 9)]];
    await Promise.all(pools.map((pool) => node.driver.setBackends(lb, key, pool)));
    const held = (await node.driver.describe(lb)).listeners[0]?.backends.map((x) => [x.id, x.weight, x.state]).sort();
    expect(held).toEqual([
      ["task4", 7, "active"],
      ["task5", 9, "active"],
    ]);

    const master = node.masterPid(lb.id);
    const removed = await node.transport.run(lb, "haproxy.remove", { lbId: lb.id });
    expect(removed[0]).toMatchObject({ ok: true, result: { removed: true } });
    expect(master).toEqual(expect.any(Number));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
      } catch {
        return false;
      }
    };
    await waitFor("the HAProxy master to be gone", async () => !alive(master as number), 5_000, 50);
    expect(readdirSync(path.join(node.stateDir, "haproxy"))).not.toContain(lb.id);
    await expect(request(key.port)).rejects.toThrow(/ECONNREFUSED/);
    expect((await node.transport.run(lb, "haproxy.remove", { lbId: lb.id }))[0]).toMatchObject({ ok: true, result: { removed: false } });
  });

  it("refuses UDP and a listener it cannot bind clearly, and creates nothing on the node for them", async () => {
    const udp = await node.driver.ensureListener(handle("udp"), { port: 5353, protocol: "udp" }).catch((e: unknown) => e);
    expect(udp).toBeInstanceOf(AppError);
    expect((udp as AppError).message).toMatch(/cannot balance UDP/);
    const agentSide = await node.transport.run(handle("udp"), "haproxy.listener.ensure", {
      lbId: "udp",
      settings: { bindAddress: "127.0.0.1" },
      listener: { port: 5353, protocol: "udp" },
    });
    expect(agentSide[0]).toMatchObject({ ok: false, code: "UNSUPPORTED", message: expect.stringMatching(/UDP/) });
    const taken = await node.driver
      .ensureListener(handle("taken"), { port: (backends[0] as Backend).port, protocol: "tcp" })
      .catch((e: unknown) => e);
    expect((taken as AppError).message).toMatch(/HAPROXY_BIND_FAILED.*in use/);
    const root = path.join(node.stateDir, "haproxy");
    expect(readdirSync(root)).not.toContain("udp");
    expect(readdirSync(root)).not.toContain("taken");
  });

  it("creates nothing in a fresh agent's state dir until a haproxy command arrives", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "whp-empty-"));
    const manager = createHaproxyManager({ stateDir: dir, log: createLogger({ level: "error", write: () => undefined }) });
    try {
      await manager.start();
      await manager.superviseAll();
      expect(await manager.describe({ lbId: "nothing" })).toMatchObject({ running: false, listeners: [] });
      await expect(manager.setBackends({ lbId: "nothing", listener: { port: 1, protocol: "tcp" }, backends: [] })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
      expect(await manager.deleteListener({ lbId: "nothing", listener: { port: 1, protocol: "tcp" } })).toMatchObject({ changed: false });
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await manager.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
