/**
 * finding 1: whoever can write to Redis cannot command agents. Messages published straight into
 * Redis — forged, replayed, moved from another channel, stale — never reach an agent through the
 * real gateway, and a forged result never resolves a waiting sendCommand; the real path works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busKeys } from "@/lib/agent-bus/keys";
import { busKeyFrom, sealMessage } from "@/lib/agent-bus/sealed";
import { sendCommand } from "@/lib/domain/commands/send-command";
import { createRedis, redis } from "@/lib/redis";
import { gatewayHealthy, startGateway, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";
import { connectTestAgent, gatewayHealth, sleep, type TestAgent } from "./support";

// A port of its own: these tests talk to the gateway directly (no install commands), and a gateway
// left over on GATEWAY_PORT by an interrupted run must not answer in its place.
const PORT = 3297;
const key = busKeyFrom(process.env.SECRETS_KEY ?? "");
let tenant: Tenant;
let agent: TestAgent;
let channel: string;

const command = (id: string) => ({
  nodeId: tenant.node.id,
  message: { type: "command", id, command: "swarm.leave", payload: { force: true }, timeoutMs: 5_000 },
});
const received = (id: string) => agent.commands.some((c) => c.id === id);
const publish = (text: string, to = channel) => redis().publish(to, text);

/** Lets the gateway act on what was published (a delivery takes milliseconds; this is generous). */
const settle = () => sleep(1_500);

beforeAll(async () => {
  startGateway(PORT);
  await waitFor("the gateway", () => gatewayHealthy(PORT));
  tenant = await createTenant("sealed-bus");
  agent = await connectTestAgent({ port: PORT, credential: tenant.node.credential, inventory: testInventory("sealed-bus-machine") });
  const gatewayId = await waitFor("the node's gateway in Redis", () => redis().hget(busKeys.nodeGateway(), tenant.node.id));
  channel = busKeys.gatewayChannel(gatewayId);
}, 120_000);

afterAll(async () => {
  agent?.ws.close();
  await stopAll();
}, 60_000);

describe("finding 1: commands on the Redis bus are sealed", () => {
  it("a properly sealed command reaches the agent (the control for the cases below)", async () => {
    await publish(sealMessage({ key, channel, message: command("cmdsealedcontrol1") }));
    await waitFor("the sealed command", async () => received("cmdsealedcontrol1"), 5_000, 50);
  });

  it("a forged command written as plain JSON into Redis does not reach the agent", async () => {
    await publish(JSON.stringify(command("cmdforgedplain001")));
    await settle();
    expect(received("cmdforgedplain001")).toBe(false);
  });

  it("a forged control notice (disconnect) written into Redis does not close the agent's connection", async () => {
    await publish(JSON.stringify({ type: "disconnect", nodeId: tenant.node.id, reason: "credential-revoked" }), busKeys.controlChannel());
    await settle();
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
  });

  it("a sealed command moved to another gateway's channel, a stale one, and one sealed with another key do not reach it", async () => {
    await publish(sealMessage({ key, channel: busKeys.gatewayChannel("another-gateway"), message: command("cmdmovedchannel01") }));
    await publish(sealMessage({ key, channel, message: command("cmdstalemessage01"), now: Date.now() - 10 * 60_000 }));
    await publish(sealMessage({ key: busKeyFrom("ab".repeat(32)), channel, message: command("cmdwrongkey000001") }));
    await settle();
    expect(["cmdmovedchannel01", "cmdstalemessage01", "cmdwrongkey000001"].filter(received)).toEqual([]);
    expect((await gatewayHealth(PORT)).busRejected).toBeGreaterThanOrEqual(5);
  });

  it("a real command captured on Redis and published again is not delivered twice, nor is its id re-sealed", async () => {
    const spy = createRedis();
    const captured: string[] = [];
    spy.on("message", (_channel: string, message: string) => captured.push(message));
    await spy.subscribe(channel);
    try {
      expect(await sendCommand({ nodeId: tenant.node.id, type: "swarm.leave", payload: { force: false }, timeoutMs: 5_000 })).toEqual({
        left: false,
      });
      const real = agent.commands.at(-1);
      expect(captured).toHaveLength(1);
      const [raw = ""] = captured;
      expect(raw, "a Redis reader cannot read commands").not.toContain(real?.id ?? "?");
      await publish(raw);
      await publish(sealMessage({ key, channel, message: { nodeId: tenant.node.id, message: real } })); // same id, fresh envelope
      await settle();
      expect(agent.commands.filter((c) => c.id === real?.id)).toHaveLength(1);
    } finally {
      spy.disconnect();
    }
  });

  it("a forged result does not resolve a waiting sendCommand; the agent's real answer does", async () => {
    agent.hold = true;
    try {
      const before = agent.commands.length;
      const pending = sendCommand({ nodeId: tenant.node.id, type: "swarm.leave", payload: { force: false }, timeoutMs: 8_000 });
      let settled: unknown = "pending";
      void pending.then(
        (v) => (settled = v),
        (e: Error) => (settled = e),
      );
      const cmd = await waitFor("the command at the agent", async () => agent.commands[before], 5_000, 20);
      const forged = { id: cmd.id, status: "SUCCEEDED", result: { left: true } };
      await publish(JSON.stringify(forged), busKeys.resultsChannel());
      await publish(sealMessage({ key, channel: busKeys.streamChannel("elsewhere"), message: forged }), busKeys.resultsChannel());
      await settle();
      expect(settled).toBe("pending");
      agent.answer(cmd.id, { left: false });
      expect(await pending).toEqual({ left: false });
    } finally {
      agent.hold = false;
    }
  });
});
