import dgram from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log/logger";
import { lbStateOf, listenerState, poolServer } from "../testing/lb-state-fixtures";
import type { LbState } from "./lb-state";
import { createTrafficLogs, type TrafficLogs } from "./traffic-receiver";

const state: LbState = lbStateOf(listenerState({ pools: { "": [poolServer("t1", 3000, { weight: 1, pool: "green" })] } }));

const opened: TrafficLogs[] = [];
const logs = () => {
  const l = createTrafficLogs({ log: silentLogger, now: Date.now });
  opened.push(l);
  return l;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((l) => l.close()));
});

function send(port: number, text: string): Promise<void> {
  const socket = dgram.createSocket("udp4");
  return new Promise((resolve, reject) =>
    socket.send(text, port, "127.0.0.1", (error) => (socket.close(), error ? reject(error) : resolve())),
  );
}

async function requestsOf(l: TrafficLogs, expected: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const n =
      l
        .forLb("lb1")
        .windows(state, 60_000)
        ?.find((w) => w.pool === "green")?.requests ?? 0;
    if (n >= expected) return n;
    await new Promise((r) => setTimeout(r, 10));
  }
  return (
    l
      .forLb("lb1")
      .windows(state, 60_000)
      ?.find((w) => w.pool === "green")?.requests ?? 0
  );
}

describe("traffic log receiver", () => {
  it("listens on 127.0.0.1 for its load balancer's lines, and counts only those carrying its key", async () => {
    const l = logs();
    const lb = l.forLb("lb1");
    expect(lb.windows(state, 5_000), "not listening yet: nothing to report").toBeNull();
    const logging = await lb.attach(undefined);
    expect(logging.key).toMatch(/^[0-9a-f]{24}$/);
    expect(await lb.attach(logging), "attached once").toEqual(logging);
    lb.learn(state);
    await send(logging.port, `w1 ${logging.key} h be_http_8080 t1 200 12 --\n`);
    await send(logging.port, `w1 ${"f".repeat(24)} h be_http_8080 t1 500 12 --\n`);
    await send(logging.port, `w1 ${logging.key} h be_http_8080 t1 503 0 SC\n`);
    expect(await requestsOf(l, 2)).toBe(2);
    expect(lb.windows(state, 60_000)?.[0]).toMatchObject({ pool: "green", requests: 2, responses5xx: 0, connectionErrors: 1 });
  });

  it("binds the remembered port again after a restart, and another one (same key) when it was taken meanwhile", async () => {
    const first = logs();
    const logging = await first.forLb("lb1").attach(undefined);
    await first.close();
    const restarted = logs();
    expect(await restarted.forLb("lb1").attach(logging)).toEqual(logging);
    await restarted.close();

    const squatter = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => squatter.bind(logging.port, "127.0.0.1", resolve));
    try {
      const moved = await logs().forLb("lb1").attach(logging);
      expect(moved.key).toBe(logging.key);
      expect(moved.port).not.toBe(logging.port);
    } finally {
      squatter.close();
    }
  });

  it("detach closes the socket and forgets the samples", async () => {
    const l = logs();
    const lb = l.forLb("lb1");
    const logging = await lb.attach(undefined);
    await lb.detach();
    expect(lb.windows(state, 5_000)).toBeNull();
    // the port is free again
    const socket = dgram.createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(logging.port, "127.0.0.1", resolve);
    });
    socket.close();
  });
});
