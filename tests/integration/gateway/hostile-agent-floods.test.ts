/**
 * finding 5d: a hostile agent (a WebSocket client with a real node credential, speaking the
 * protocol) against the real gateway process: floods of inventories, oversized inventories and
 * frames, and large frames meant to swell the gateway's memory. Meanwhile a well-behaved agent on
 * the same gateway keeps receiving and answering its commands.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendCommand } from "@/lib/domain/commands/send-command";
import { CLOSE_CODES } from "@/lib/protocol/version";
import { testDb } from "../../support/integration/db";
import { gatewayHealthy, startGateway, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";
import { connectTestAgent, gatewayHealth, peakRss, sleep, type TestAgent } from "./support";

// A port of its own: these tests talk to the gateway directly (no install commands), and a gateway
// left over on GATEWAY_PORT by an interrupted run must not answer in its place.
const PORT = 3297;
const MiB = 1024 * 1024;
let hostile: Tenant;
let legit: Tenant;
let good: TestAgent;
let writesSequence: string;

/** Counts real inventory writes of one node in the database (a trigger on "Node"). */
async function countInventoryWrites(nodeId: string) {
  writesSequence = `test_inventory_writes_${Date.now()}`;
  await testDb().query(`create sequence "${writesSequence}"`);
  await testDb().query(
    `create or replace function "${writesSequence}_fn"() returns trigger language plpgsql as $$ begin perform nextval('"${writesSequence}"'); return new; end $$`,
  );
  await testDb().query(
    `create trigger "${writesSequence}_tr" after update on "Node" for each row when (new.id = '${nodeId}' and old."inventoryHash" is distinct from new."inventoryHash") execute function "${writesSequence}_fn"()`,
  );
  return async () =>
    Number((await testDb().query(`select case when is_called then last_value else 0 end as n from "${writesSequence}"`)).rows[0].n);
}

/** The legitimate agent gets a command and answers it, within the usual timeout. */
async function legitRoundTrip() {
  const started = Date.now();
  expect(await sendCommand({ nodeId: legit.node.id, type: "swarm.leave", payload: { force: false }, timeoutMs: 10_000 })).toEqual({
    left: false,
  });
  return Date.now() - started;
}

beforeAll(async () => {
  startGateway(PORT);
  await waitFor("the gateway", () => gatewayHealthy(PORT));
  [hostile, legit] = [await createTenant("flood-hostile"), await createTenant("flood-legit")];
  good = await connectTestAgent({ port: PORT, credential: legit.node.credential, inventory: testInventory("flood-legit-machine") });
}, 120_000);

afterAll(async () => {
  good?.ws.close();
  if (writesSequence) {
    await testDb().query(`drop trigger if exists "${writesSequence}_tr" on "Node"`);
    await testDb().query(`drop function if exists "${writesSequence}_fn"()`);
    await testDb().query(`drop sequence if exists "${writesSequence}"`);
  }
  await stopAll();
}, 60_000);

describe("finding 5d: a hostile agent against the real gateway", () => {
  it("200 inventories in 1 s: the connection is closed as over budget and the database sees a bounded number of writes", async () => {
    const writes = await countInventoryWrites(hostile.node.id);
    const agent = await connectTestAgent({
      port: PORT,
      credential: hostile.node.credential,
      inventory: testInventory("flood-hostile-machine"),
    });
    const flood = (async () => {
      for (let i = 0; i < 200 && agent.ws.readyState === agent.ws.OPEN; i++) {
        agent.send({ type: "inventory", inventory: { ...testInventory("flood-hostile-machine"), engineLabels: { seq: String(i) } } });
        await sleep(5);
      }
    })();
    const code = await Promise.race([agent.closed, sleep(5_000).then(() => null)]);
    await flood;
    expect(code, "the gateway closes a flooding agent").toBe(CLOSE_CODES.overBudget);
    await sleep(3_000); // a coalesced write still waiting would land by now
    expect(await writes()).toBeLessThanOrEqual(3);
    expect(await writes()).toBeGreaterThanOrEqual(1); // the latest inventory does get stored
    expect((await gatewayHealth(PORT)).overBudget).toBeGreaterThanOrEqual(1);
    await legitRoundTrip();
  });

  it("an oversized inventory is refused and not stored; a frame over the size limit closes the connection", async () => {
    const agent = await connectTestAgent({
      port: PORT,
      credential: hostile.node.credential,
      inventory: testInventory("flood-hostile-machine"),
    });
    const labels = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`oversized.label.${i}`, "x".repeat(20)]));
    agent.send({ type: "inventory", inventory: { ...testInventory("flood-hostile-machine"), engineLabels: labels } });
    expect(await Promise.race([agent.closed, sleep(5_000).then(() => null)])).toBe(CLOSE_CODES.invalidMessage);
    await sleep(2_500);
    const stored = await testDb().query(`select inventory::text as inv from "Node" where id = $1`, [hostile.node.id]);
    expect(stored.rows[0].inv).not.toContain("oversized.label");

    const big = await connectTestAgent({
      port: PORT,
      credential: hostile.node.credential,
      inventory: testInventory("flood-hostile-machine"),
    });
    big.send({ type: "result", commandId: "not-a-command", ok: true, result: "x".repeat(3 * MiB) });
    expect(await Promise.race([big.closed, sleep(5_000).then(() => null)]), "1009: message too big").toBe(1009);
    await legitRoundTrip();
  });

  it("30 large frames (the finding's 4 MB ones, then ones just under the limit): memory stays bounded and the legitimate agent keeps getting its commands", async () => {
    const { pid } = await gatewayHealth(PORT);
    const flood = async (frameBytes: number) => {
      const before = peakRss(pid);
      const { messages, throttled = 0 } = await gatewayHealth(PORT);
      const agent = await connectTestAgent({
        port: PORT,
        credential: hostile.node.credential,
        inventory: testInventory("flood-hostile-machine"),
      });
      const frame = JSON.stringify({ type: "result", commandId: "not-a-command", ok: true, result: "y".repeat(frameBytes - 100) });
      const sent = Promise.all(Array.from({ length: 30 }, () => new Promise<void>((resolve) => agent.ws.send(frame, () => resolve()))));
      // Meanwhile, the well-behaved agent's commands go through.
      const roundTrips: number[] = [];
      for (let i = 0; i < 5; i++) roundTrips.push(await legitRoundTrip());
      await Promise.race([sent, agent.closed]);
      const closed = agent.ws.readyState === agent.ws.OPEN ? null : await agent.closed;
      if (closed === null)
        await waitFor(
          "the gateway to work through the 30 frames",
          async () => (await gatewayHealth(PORT)).messages >= messages + 30 + 5,
          30_000,
          200,
        );
      await sleep(1_000);
      const growth = peakRss(pid) - before;
      const health = await gatewayHealth(PORT);
      process.stdout.write(
        `${(frameBytes / MiB).toFixed(2)} MiB frames: gateway peak RSS +${(growth / MiB).toFixed(1)} MiB, closed ${closed}, throttled ${(health.throttled ?? 0) - throttled}x; legit round trips ${roundTrips.join(", ")} ms\n`,
      );
      expect(Math.max(...roundTrips)).toBeLessThan(5_000);
      agent.ws.close();
      return { growth, closed, throttled: (health.throttled ?? 0) - throttled };
    };
    // The finding: 30 frames of 4 MB took the gateway from 155 to 304 MB. Now the first is refused
    // by its size before it is buffered, and the connection closed.
    const huge = await flood(4 * MiB - 64 * 1024);
    expect(huge.closed).toBe(1009);
    expect(huge.growth).toBeLessThan(32 * MiB);
    // Frames under the limit are read at the byte budget's pace, with a bounded queue.
    const large = await flood(2 * MiB - 1024);
    expect(large.throttled).toBeGreaterThan(0);
    expect(large.growth).toBeLessThan(96 * MiB);
  });
});
