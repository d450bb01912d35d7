import { describe, expect, it } from "vitest";
import type { HaproxyTrafficWindow } from "@/lib/protocol/haproxy";
import { lbStateOf, listenerState, poolServer } from "../testing/lb-state-fixtures";
import type { LbState, PoolServer } from "./lb-state";
import type { TrafficSample } from "./traffic-log";
import { TrafficRecorder } from "./traffic-recorder";

const server = (id: string, pool: string): PoolServer => poolServer(id, 3000, { pool });

const http = listenerState({ pools: { "": [server("b1", "blue"), server("b2", "blue"), server("g1", "green")] } });
const routing = listenerState({
  port: 80,
  routes: [{ name: "shop", hosts: ["shop.test"], pathPrefix: "/", stickySessions: false }],
  pools: { shop: [server("s1", "main")] },
});
const tcp = listenerState({ port: 10000, protocol: "tcp", pools: { "": [server("t1", "main")] } });
const state: LbState = lbStateOf(routing, http, tcp);

const ok = (srv: string, ms: number, over: Partial<TrafficSample> = {}): TrafficSample => ({
  mode: "http",
  backend: "be_http_8080",
  server: srv,
  status: 200,
  ms,
  connectionError: false,
  ...over,
});

function recorder(over: { capacity?: number; retentionMs?: number } = {}) {
  const r = new TrafficRecorder({ since: 0, ...over });
  r.learn(state, 0);
  return r;
}

const of = (windows: HaproxyTrafficWindow[], pool: string, port = 8080) => windows.find((w) => w.pool === pool && w.listener.port === port);

describe("TrafficRecorder", () => {
  it("counts requests, 5xx answers and connection errors per listener and pool, with nearest-rank p50/p95", () => {
    const r = recorder();
    for (let i = 1; i <= 100; i++) r.record(ok(i % 2 ? "b1" : "b2", i), 1_000 + i);
    r.record(ok("g1", 300, { status: 500 }), 1_200);
    r.record(ok("g1", 250), 1_201);
    r.record(ok("g1", 2, { status: 503, connectionError: true }), 1_202);
    r.record(ok("g1", 40, { status: 404 }), 1_203);
    const windows = r.windows(state, 5_000, 2_000);
    expect(of(windows, "blue")).toMatchObject({
      listener: { port: 8080, protocol: "http" },
      windowMs: 2_000,
      requests: 100,
      responses5xx: 0,
      connectionErrors: 0,
      p50Ms: 50,
      p95Ms: 95,
    });
    // the 503 HAProxy answered for an unreachable server is a connection error only
    expect(of(windows, "green")).toMatchObject({ requests: 4, responses5xx: 1, connectionErrors: 1, p50Ms: 40, p95Ms: 300 });
    expect(of(windows, "green")?.latencyBuckets.reduce((n, [, c]) => n + c, 0)).toBe(4);
  });

  it("reports every pool the state holds, idle ones with zero requests and no percentiles, routes and TCP listeners included", () => {
    const r = recorder();
    r.record({ mode: "tcp", backend: "be_tcp_10000", server: "t1", status: null, ms: 1_500, connectionError: false }, 10);
    r.record({ mode: "tcp", backend: "be_tcp_10000", server: "t1", status: null, ms: 0, connectionError: true }, 11);
    const windows = r.windows(state, 5_000, 100);
    expect(windows.map((w) => [w.listener.port, w.listener.route ?? null, w.pool])).toEqual([
      [80, "shop", "main"],
      [8080, null, "blue"],
      [8080, null, "green"],
      [10000, null, "main"],
    ]);
    expect(of(windows, "main", 80)).toMatchObject({
      listener: { port: 80, protocol: "http", route: "shop" },
      requests: 0,
      p50Ms: null,
      p95Ms: null,
      latencyBuckets: [],
    });
    expect(of(windows, "main", 10000)).toMatchObject({ requests: 2, connectionErrors: 1, p50Ms: 0, p95Ms: 1_500 });
  });

  it("counts only the requests inside the window (now - windowMs, now]", () => {
    const r = recorder();
    r.record(ok("b1", 10), 1_000);
    r.record(ok("b1", 20), 5_001);
    r.record(ok("b1", 30), 9_500);
    expect(of(r.windows(state, 5_000, 10_000), "blue")).toMatchObject({ windowMs: 5_000, requests: 2, p50Ms: 20 });
    expect(of(r.windows(state, 1_000, 10_000), "blue")).toMatchObject({ windowMs: 1_000, requests: 1, p50Ms: 30 });
    expect(of(r.windows(state, 600_000, 10_000), "blue")).toMatchObject({ windowMs: 10_000, requests: 3 });
  });

  it('requests no server took go to pool ""; backends of no pool (404s of unknown hosts) are ignored', () => {
    const r = recorder();
    r.record(ok("<NOSRV>", 0, { status: 503, connectionError: true }), 10);
    r.record(ok("x", 1, { backend: "be_http_80_notfound", status: 404 }), 11);
    r.record(ok("x", 1, { backend: "fe_http_80", status: 400 }), 12);
    const windows = r.windows(state, 5_000, 100);
    expect(of(windows, "")).toMatchObject({ listener: { port: 8080 }, requests: 1, connectionErrors: 1 });
    expect(windows.reduce((n, w) => n + w.requests, 0)).toBe(1);
  });

  it("keeps a colour's requests after its servers left the state (a switch), and learns leaving servers' pools", () => {
    const r = recorder();
    r.record(ok("g1", 5), 10);
    const switched: LbState = {
      ...state,
      listeners: [routing, { ...http, pools: { "": [server("b1", "blue")] } }, tcp],
      leaving: [{ backend: "be_http_8080", server: "g1", id: "g1", pool: "green", since: 20 }],
    };
    r.learn(switched, 20);
    r.record(ok("g1", 6), 30);
    r.learn({ ...switched, leaving: [] }, 40);
    // the old worker's last request, after the server was deleted
    r.record(ok("g1", 7), 50);
    expect(of(r.windows({ ...switched, leaving: [] }, 5_000, 100), "green")).toMatchObject({ requests: 3 });
  });

  it("holds at most `capacity` samples and says when a window reaches back past what it holds", () => {
    const r = recorder({ capacity: 2_500 });
    for (let t = 1; t <= 10_000; t++) r.record(ok("b1", t % 100), t);
    expect(r.held).toBe(2_500);
    expect(r.slots).toBeLessThanOrEqual(2_500);
    const blue = of(r.windows(state, 600_000, 10_000), "blue");
    // samples 7501..10000 are held, 7500 was the last to go: the window covers 2.5 s of the 10 s asked for
    expect(blue).toMatchObject({ requests: 2_500, windowMs: 2_500 });
    expect(of(r.windows(state, 1_000, 10_000), "blue")).toMatchObject({ requests: 1_000, windowMs: 1_000 });
  });

  it("forgets samples older than the retention, and starts small", () => {
    const r = recorder({ retentionMs: 1_000 });
    for (let t = 0; t < 5_000; t++) r.record(ok("b1", 1), t);
    expect(r.held).toBeLessThanOrEqual(1_001);
    expect(r.slots).toBeLessThanOrEqual(2_048);
    // a window never reaches back past the retention: (4000, 5000]
    expect(of(r.windows(state, 600_000, 5_000), "blue")).toMatchObject({ requests: 999, windowMs: 1_000 });
  });

  it("forgets (listener, pool) pairs no sample refers to any more when thousands of colours came and went", () => {
    const r = recorder({ capacity: 100 });
    for (let i = 0; i < 10_000; i++) {
      const pool = `colour${i}`;
      r.learn({ ...state, listeners: [{ ...http, pools: { "": [server(`t${i}`, pool)] } }] }, i);
      r.record(ok(`t${i}`, 1), i);
    }
    const windows = r.windows({ ...state, listeners: [] }, 600_000, 10_000);
    expect(windows).toHaveLength(100);
    expect(windows.every((w) => w.requests === 1)).toBe(true);
    expect(of(windows, "colour9999")).toBeDefined();
  });
});
