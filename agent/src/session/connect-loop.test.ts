import { describe, expect, it } from "vitest";
import { CLOSE_CODES, PROTOCOL_VERSION } from "@/lib/protocol";
import { commandHandlers } from "../commands/command-handlers";
import { silentLogger } from "../log/logger";
import { createFakeDocker } from "../testing/fake-docker-client";
import { FakeSocket } from "../testing/fake-socket";
import { offlineInventoryCollector } from "../testing/offline-inventory";
import { GatewayRefusedError, type GatewayErrorCode } from "../util/gateway-refusal";
import { Backoff } from "./backoff";
import { createCommandDispatcher } from "./command-dispatcher";
import { runConnectLoop } from "./connect-loop";
import type { OpenGatewaySocketOptions } from "./gateway-socket";

const welcome = { type: "welcome", protocolVersion: PROTOCOL_VERSION, nodeId: "n1", clusterId: "c1", heartbeatIntervalMs: 1_000 } as const;

const refused = (status: number, code: GatewayErrorCode | null, message: string) =>
  new GatewayRefusedError(status, code, message, "the gateway refused the connection");

/** One scripted connection attempt: refuse/fail to connect, or connect and let `play` drive the gateway's side. */
type Attempt = Error | ((socket: FakeSocket) => void);

function setup(attempts: Attempt[], options: { stableAfterMs?: number } = {}) {
  const { docker } = createFakeDocker();
  const collectInventory = offlineInventoryCollector(docker);
  const sockets: FakeSocket[] = [];
  const connects: OpenGatewaySocketOptions[] = [];
  const controller = new AbortController();
  const backoff = new Backoff({ initialMs: 1, maxMs: 4, random: () => 0.5 });
  const delays: number[] = [];
  const next = backoff.next.bind(backoff);
  backoff.next = () => {
    const delay = next();
    delays.push(delay);
    return delay;
  };
  const ended = runConnectLoop({
    connectUrl: "ws://gateway.test/v1/connect",
    credential: "cred-secret",
    agentVersion: "1.2.3",
    log: silentLogger,
    signal: controller.signal,
    dispatcher: createCommandDispatcher({ handlers: commandHandlers, docker, advertiseAddr: null, log: silentLogger }),
    collectInventory,
    heartbeat: async () => ({
      usage: { cpuPercent: 0, memoryUsedBytes: 0, memoryTotalBytes: 0, load1: 0 },
      containers: { running: 0, total: 0, unhealthy: 0, services: {} },
    }),
    backoff,
    stableAfterMs: options.stableAfterMs ?? 60_000,
    openSocket: async (connect) => {
      connects.push(connect);
      const attempt = attempts.shift();
      if (!attempt) {
        controller.abort(); // script finished: stop the loop
        throw new Error("no more attempts");
      }
      if (attempt instanceof Error) throw attempt;
      const socket = new FakeSocket();
      sockets.push(socket);
      setTimeout(() => attempt(socket), 0);
      return socket;
    },
  });
  return { ended, sockets, connects, delays, controller };
}

const closeAfterWelcome =
  (code: number, reason = "") =>
  (socket: FakeSocket) => {
    socket.deliver(welcome);
    setTimeout(() => socket.drop(code, reason), 5);
  };

describe("connect loop", () => {
  it("passes the credential and version to the socket and says hello on every connection", async () => {
    const { ended, sockets, connects, delays } = setup([closeAfterWelcome(1006), new Error("ECONNREFUSED"), closeAfterWelcome(1001)]);
    expect(await ended).toEqual({ kind: "stopped" });
    expect(connects[0]).toMatchObject({ url: "ws://gateway.test/v1/connect", credential: "cred-secret", agentVersion: "1.2.3" });
    expect(sockets).toHaveLength(2);
    for (const socket of sockets) expect(socket.sent[0]?.type).toBe("hello");
    expect(delays).toEqual([1, 2, 4]); // grows across drops and failed connects
  });

  it("resets the backoff after a stable connection", async () => {
    const { ended, delays } = setup([new Error("down"), new Error("down"), closeAfterWelcome(1006), new Error("down")], {
      stableAfterMs: 0,
    });
    await ended;
    expect(delays).toEqual([1, 2, 1, 2]);
  });

  it.each([
    [CLOSE_CODES.credentialRevoked, { kind: "revoked", why: "the control plane revoked this node's credential (revoked by alice)" }],
    [CLOSE_CODES.nodeRemoved, { kind: "revoked", why: "the node was removed from its cluster in the control plane (revoked by alice)" }],
    [CLOSE_CODES.replaced, { kind: "replaced" }],
    [CLOSE_CODES.protocolUnsupported, { kind: "protocol-unsupported", message: "revoked by alice" }],
  ])("stops for close code %i", async (code, expected) => {
    const { ended, sockets } = setup([closeAfterWelcome(code, "revoked by alice"), closeAfterWelcome(1006)]);
    expect(await ended).toEqual(expected);
    expect(sockets).toHaveLength(1);
  });

  it.each([
    [
      refused(401, "INVALID_CREDENTIAL", "unknown credential"),
      { kind: "credential-rejected", code: "INVALID_CREDENTIAL", message: "unknown credential" },
    ],
    [refused(401, "CREDENTIAL_REVOKED", "revoked"), { kind: "revoked", why: "revoked" }],
    [refused(401, "NODE_REMOVED", "node removed"), { kind: "revoked", why: "node removed" }],
    [refused(426, "PROTOCOL_UNSUPPORTED", "upgrade the agent"), { kind: "protocol-unsupported", message: "upgrade the agent" }],
  ])("ends on a refused upgrade: %s", async (refusal, expected) => {
    const { ended, connects } = setup([refusal]);
    expect(await ended).toEqual(expected);
    expect(connects).toHaveLength(1);
  });

  it("retries refusals a retry can fix (a proxy's 502)", async () => {
    const { ended, connects } = setup([refused(502, null, "Bad Gateway"), closeAfterWelcome(CLOSE_CODES.replaced)]);
    expect(await ended).toEqual({ kind: "replaced" });
    expect(connects).toHaveLength(2);
  });

  it("stops while waiting to reconnect when the agent shuts down", async () => {
    const { ended, controller } = setup([new Error("down"), new Error("down"), new Error("down")]);
    controller.abort();
    expect(await ended).toEqual({ kind: "stopped" });
  });
});
