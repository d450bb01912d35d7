/**
 * Log batches through the real gateway into PostgreSQL: stored under the connection's organisation,
 * cluster and node (never what the message says), application ids resolved within that
 * organisation, a batch sent twice stored once, and `logs.ack` sent only after the commit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envValue } from "@/lib/env";
import { connectTestAgent } from "../gateway/support";
import { testDb } from "../../support/integration/db";
import { gatewayHealthy, startGateway, stopAll, waitFor } from "../../support/integration/processes";
import { createTenant, type Tenant } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";
import { batch, collectAcks, epochOf, line } from "./support";

const PORT = envValue("GATEWAY_PORT");
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  startGateway(PORT);
  await waitFor("the gateway", () => gatewayHealthy(PORT));
  [a, b] = await Promise.all([createTenant("logs-ingest-a"), createTenant("logs-ingest-b")]);
}, 180_000);

afterAll(() => stopAll(), 60_000);

const appName = (t: Tenant) => `app-${t.label}`.slice(0, 32).replace(/[^a-z0-9-]/g, "-");
type Row = {
  org_id: string;
  cluster_id: string;
  node_id: string;
  application_id: string | null;
  application: string;
  seq: string;
  text: string;
};
const rowsOf = async (epoch: string) =>
  (
    await testDb().query<Row>(
      "select org_id, cluster_id, node_id, application_id, application, seq::text, text from log_lines where epoch = $1 order by seq",
      [epoch],
    )
  ).rows;

describe("log ingest through the gateway", () => {
  it("stores a batch under the credential's organisation, cluster and node, then acknowledges it", async () => {
    const agent = await connectTestAgent({ port: PORT, credential: a.node.credential, inventory: testInventory(`${a.label}-machine`) });
    const acks = collectAcks(agent);
    const epoch = epochOf("ingest");
    // The message claims another organisation and node: only the credential counts. B's
    // application name is not resolved in A's organisation.
    agent.send({
      ...batch(
        epoch,
        [line(1, "hello from a"), line(2, "second", { application: appName(b) }), line(3, "nul\u0000byte", { application: appName(a) })],
        7,
      ),
      orgId: b.orgId,
      nodeId: b.node.id,
    });
    await waitFor("the ack", async () => acks.length === 1);
    expect(acks[0]).toEqual({ type: "logs.ack", epoch, upTo: 3 });
    const rows = await rowsOf(epoch);
    expect(rows.map((r) => [r.org_id, r.cluster_id, r.node_id])).toEqual(Array(3).fill([a.orgId, a.cluster.id, a.node.id]));
    expect(rows.map((r) => r.application_id)).toEqual([null, null, a.app.id]);
    expect(rows[2]?.text).toBe("nul\uFFFDbyte");
    const state = await testDb().query(
      `select epoch, "lastSeq"::int as last, "droppedTotal"::int as dropped, "orgId" from "LogIngestState" where "nodeId" = $1`,
      [a.node.id],
    );
    expect(state.rows[0]).toEqual({ epoch, last: 3, dropped: 7, orgId: a.orgId });
    agent.ws.close(1000);
  });

  it("stores a batch sent twice once, and acknowledges both", async () => {
    const agent = await connectTestAgent({ port: PORT, credential: a.node.credential, inventory: testInventory(`${a.label}-machine`) });
    const acks = collectAcks(agent);
    const epoch = epochOf("dedup");
    const lines = Array.from({ length: 500 }, (_, i) => line(i + 1, `line ${i + 1}`, { application: appName(a) }));
    agent.send(batch(epoch, lines));
    agent.send(batch(epoch, lines.slice(100, 300))); // a re-sent part
    agent.send(batch(epoch, [...lines.slice(450), line(501, "new one", { application: appName(a) })]));
    await waitFor("three acks", async () => acks.length === 3);
    expect(acks.map((x) => x.upTo)).toEqual([500, 300, 501]);
    const rows = await rowsOf(epoch);
    expect(rows).toHaveLength(501);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(501);
    // lastSeq never moves back within an epoch (the re-sent part ended at 300).
    const state = await testDb().query(`select "lastSeq"::int as last from "LogIngestState" where "nodeId" = $1`, [a.node.id]);
    expect(state.rows[0]?.last).toBe(501);
    const stats = await testDb().query(`select sum(lines)::int as lines from log_store_stats where application_id = $1`, [a.app.id]);
    expect(stats.rows[0]?.lines).toBeGreaterThanOrEqual(502); // 501 here + the one above (+ the tenant fixture's)
    agent.ws.close(1000);
  });

  it("acknowledges only after the commit: no ack while the transaction waits, and the lines are invisible until then", async () => {
    const agent = await connectTestAgent({ port: PORT, credential: a.node.credential, inventory: testInventory(`${a.label}-machine`) });
    const acks = collectAcks(agent);
    const epoch = epochOf("commit");
    // Hold the node's ingest-state row: the gateway's transaction inserts the lines, then waits here.
    const blocker = await testDb().connect();
    try {
      await blocker.query("begin");
      await blocker.query(`select 1 from "LogIngestState" where "nodeId" = $1 for update`, [a.node.id]);
      agent.send(batch(epoch, [line(1, "held line", { application: appName(a) })]));
      await waitFor("the insert to wait on the lock", async () => {
        const r = await testDb().query(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%INSERT INTO log_lines%'`,
        );
        return (r.rows[0] as { n: number }).n > 0;
      });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(acks).toEqual([]);
      expect(await rowsOf(epoch)).toEqual([]);
      await blocker.query("commit");
    } finally {
      blocker.release();
    }
    await waitFor("the ack after the commit", async () => acks.length === 1);
    expect(await rowsOf(epoch)).toHaveLength(1);
    agent.ws.close(1000);
  });

  it("refuses a batch that is not valid and closes the connection, storing nothing", async () => {
    const agent = await connectTestAgent({ port: PORT, credential: b.node.credential, inventory: testInventory(`${b.label}-machine`) });
    const acks = collectAcks(agent);
    const epoch = epochOf("bad");
    agent.send(batch(epoch, [{ ...line(1, "x"), store: "no such/store" }]));
    expect(await agent.closed).not.toBe(1000);
    expect(acks).toEqual([]);
    expect(await rowsOf(epoch)).toEqual([]);
  });
});
