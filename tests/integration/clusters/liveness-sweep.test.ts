/**
 * Silent failures (no TCP close, e.g. a partitioned machine) are caught by heartbeat age: the sweep
 * marks a Ready node Unreachable once its last heartbeat is older than NODE_UNREACHABLE_SECONDS,
 * then Down after NODE_DOWN_SECONDS. Real PostgreSQL and Redis; the timestamps are set directly.
 */
import { describe, expect, it } from "vitest";
import { busKeys } from "@/lib/agent-bus/keys";
import { sweepNodeLiveness } from "@/lib/domain/nodes/sweep-node-liveness";
import { redis } from "@/lib/redis";
import { testDb } from "../../support/integration/db";
import { createTenant } from "../../support/integration/tenants";

describe("node liveness sweep", () => {
  it("Ready → Unreachable on stale heartbeats → Down, and a fresh heartbeat keeps a node Ready", async () => {
    const t = await createTenant("sweep");
    const fresh = await createTenant("sweep-fresh");
    await testDb().query(`update "Node" set status = 'READY', "statusChangedAt" = now() - interval '10 minutes' where id = any($1)`, [
      [t.node.id, fresh.node.id],
    ]);
    const now = Date.now();
    await redis().zadd(busKeys.nodeSeen(), now - 31_000, t.node.id, now - 2_000, fresh.node.id);
    // every status change asks for a traffic sync of its cluster (load-balancer pools follow node status)
    const traffic = async (clusterId: string) =>
      (await testDb().query(`select "trafficRequested" from "Cluster" where id = $1`, [clusterId])).rows[0].trafficRequested as number;
    const [before, freshBefore] = [await traffic(t.cluster.id), await traffic(fresh.cluster.id)];

    await sweepNodeLiveness({ now });
    const status = async (id: string) => (await testDb().query(`select status from "Node" where id = $1`, [id])).rows[0].status as string;
    expect(await status(t.node.id)).toBe("UNREACHABLE");
    expect(await status(fresh.node.id)).toBe("READY");
    expect(await traffic(t.cluster.id)).toBe(before + 1);
    expect(await traffic(fresh.cluster.id)).toBe(freshBefore);

    await sweepNodeLiveness({ now: now + 301_000 });
    expect(await status(t.node.id)).toBe("DOWN");
    expect(await traffic(t.cluster.id)).toBe(before + 2);
    // nothing changes on a sweep that finds nothing new
    await sweepNodeLiveness({ now: now + 302_000 });
    expect(await traffic(t.cluster.id)).toBe(before + 2);
    await redis().zrem(busKeys.nodeSeen(), t.node.id, fresh.node.id);
  });

  it("a node that has just reconnected stays Ready though its last heartbeat on record is old", async () => {
    const t = await createTenant("sweep-reconnected");
    const now = Date.now();
    // Connected (and marked Ready) a moment ago; the score is from before the agent went away.
    await testDb().query(`update "Node" set status = 'READY', "statusChangedAt" = $2 where id = $1`, [t.node.id, new Date(now - 500)]);
    await redis().zadd(busKeys.nodeSeen(), now - 30 * 60_000, t.node.id);

    await sweepNodeLiveness({ now });
    expect((await testDb().query(`select status from "Node" where id = $1`, [t.node.id])).rows[0].status).toBe("READY");

    // Still silent long after reconnecting: Unreachable after all.
    await sweepNodeLiveness({ now: now + 31_000 });
    expect((await testDb().query(`select status from "Node" where id = $1`, [t.node.id])).rows[0].status).toBe("UNREACHABLE");
    await redis().zrem(busKeys.nodeSeen(), t.node.id);
  });

  it("a Ready node whose heartbeat Redis lost stays Ready: its clock starts at the sweep that finds none", async () => {
    const t = await createTenant("sweep-redis-lost");
    await testDb().query(`update "Node" set status = 'READY', "statusChangedAt" = now() - interval '10 minutes' where id = $1`, [
      t.node.id,
    ]);
    await redis().zrem(busKeys.nodeSeen(), t.node.id);
    const now = Date.now();
    const status = async () => (await testDb().query(`select status from "Node" where id = $1`, [t.node.id])).rows[0].status as string;

    await sweepNodeLiveness({ now });
    expect(await status()).toBe("READY");
    expect(Number(await redis().zscore(busKeys.nodeSeen(), t.node.id))).toBe(now);
    // A heartbeat written meanwhile is not overwritten by a later sweep's guess.
    await redis().zadd(busKeys.nodeSeen(), now + 5_000, t.node.id);
    await sweepNodeLiveness({ now: now + 10_000 });
    expect(Number(await redis().zscore(busKeys.nodeSeen(), t.node.id))).toBe(now + 5_000);
    // Silent for a whole period after that: Unreachable after all.
    await sweepNodeLiveness({ now: now + 36_000 });
    expect(await status()).toBe("UNREACHABLE");
    await redis().zrem(busKeys.nodeSeen(), t.node.id);
  });
});
