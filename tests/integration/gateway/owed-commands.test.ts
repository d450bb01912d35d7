/**
 * Commands sent while a node's gateway was dead (issue 14). A gateway killed with -9 leaves its
 * route in Redis, so a sender publishes to a channel nobody reads; the command waits in PostgreSQL.
 * When the node comes back through a new gateway, a command that can be replayed is delivered and
 * answered, and one whose secrets were never stored (a TLS listener, a secret, a service's
 * environment) is failed at once with the reason. Its sender used to learn nothing and wait out
 * its whole timeout: after a gateway was killed, a load balancer's pool lagged a new task by a
 * minute, the traffic sync holding its place all that time.
 *
 * Likewise a command sent while Redis had lost the node's route (Redis keeps nothing on disk): it
 * waits in PostgreSQL, and is delivered when the gateway writes the route back, not never.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busKeys } from "@/lib/agent-bus/keys";
import { sendCommand } from "@/lib/domain/commands/send-command";
import { AppError } from "@/lib/errors";
import { redis } from "@/lib/redis";
import { gatewayHealthy, startGateway, stopAll, stopProcess, waitFor, type Proc } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";
import { connectTestAgent, sleep, type TestAgent } from "./support";

const PORT = 3298;
let gateway: Proc;
let tenant: Tenant;
let agent: TestAgent;
const inventory = testInventory("owed-commands-machine");

beforeAll(async () => {
  gateway = startGateway(PORT);
  await waitFor("the gateway", () => gatewayHealthy(PORT));
  tenant = await createTenant("owed-commands");
  agent = await connectTestAgent({ port: PORT, credential: tenant.node.credential, inventory });
  await waitFor("the node's gateway in Redis", () => redis().hget(busKeys.nodeGateway(), tenant.node.id));
}, 120_000);

afterAll(async () => {
  agent?.ws.close();
  await stopAll();
}, 60_000);

describe("commands owed to a node whose gateway was killed", () => {
  it("a replayable one is delivered when the node is back; a secret-bearing one fails at once with the reason", async () => {
    await stopProcess(gateway, "SIGKILL");
    await agent.closed;
    // The dead gateway's route is still there: senders publish to it, not refuse as "not connected".
    expect(await redis().hget(busKeys.nodeGateway(), tenant.node.id)).toBeTruthy();

    const nodeId = tenant.node.id;
    const outcome = (p: Promise<unknown>) =>
      p.then(
        (result) => ({ result }),
        (error: unknown) => ({
          error: error instanceof Error ? error.message : String(error),
          code: error instanceof AppError ? error.code : undefined,
        }),
      );
    const secret = outcome(
      sendCommand({
        nodeId,
        type: "secret.ensure",
        payload: { name: "owed_secret", dataBase64: "aGVsbG8=", labels: {} },
        timeoutMs: 60_000,
      }),
    );
    const plain = outcome(sendCommand({ nodeId, type: "swarm.leave", payload: { force: true }, timeoutMs: 60_000 }));
    await sleep(500); // both stored and published to the dead gateway's channel

    gateway = startGateway(PORT);
    await waitFor("the gateway back", () => gatewayHealthy(PORT));
    const back = Date.now();
    agent = await connectTestAgent({ port: PORT, credential: tenant.node.credential, inventory });

    expect(await plain).toEqual({ result: { left: false } });
    expect(agent.commands.map((c) => c.command)).toEqual(["swarm.leave"]);
    expect(await secret).toEqual({
      error: expect.stringMatching(/secret\.ensure failed on node .*: Not delivered while the node was offline; it will be retried/),
      // The node never saw it: unavailable, which callers retry (a release does not roll back).
      code: "UNAVAILABLE",
    });
    console.info(`[owed-commands] both senders answered ${Date.now() - back} ms after the node reconnected (their timeout: 60 s)`);
  }, 120_000);

  it("a command sent while Redis had lost the node's route is delivered once the gateway writes the route back", async () => {
    const nodeId = tenant.node.id;
    await redis().hdel(busKeys.nodeGateway(), nodeId); // what a Redis restart without persistence does to it
    const before = agent.commands.length;
    const sent = Date.now();
    // 20 s: well past the gateway's 5 s re-assertion, well short of "never".
    const result = await sendCommand({ nodeId, type: "swarm.leave", payload: { force: false }, timeoutMs: 20_000 });
    expect(result).toEqual({ left: false });
    expect(agent.commands.slice(before).map((c) => c.command)).toEqual(["swarm.leave"]);
    expect(await redis().hget(busKeys.nodeGateway(), nodeId)).toBeTruthy();
    console.info(`[owed-commands] sent without a route: answered after ${Date.now() - sent} ms`);
  }, 60_000);
});
