/**
 * Redis loses everything (the Redis these machines start keeps nothing on disk): every key of this
 * run is deleted under a running cluster, and no process is restarted. Wharf heals from PostgreSQL:
 * the gateway writes back which nodes it holds (commands reach them again), the workers re-create
 * the schedules (a service removed by hand is recreated by the applications sweep), the liveness
 * sweep keeps a node that still beats Ready, and a fresh deploy succeeds.
 * The keys deleted are this run's (REDIS_PREFIX) on the test stage's own Redis, never anyone else's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerClient } from "@/tests/support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { deployApplication } from "../../support/integration/deployments";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import { deleteRunKeys } from "../../support/integration/run-keys";
import type { PushedImages } from "../../support/registry-images";

type Status = { services: Array<{ name: string; running: number }> };

let cookie: string;
let images: PushedImages;
let cluster: SwarmCluster;
const measured: string[] = [];

const deploy = (name: string) =>
  deployApplication({ cookie, clusterId: cluster.clusterId, name, compose: `services:\n  web:\n    image: ${images.busybox}\n` });

/** What Redis losing its data looks like to Wharf: none of this run's keys exist any more. */
async function loseRedisData(): Promise<number> {
  const prefix = process.env.REDIS_PREFIX;
  if (!prefix) throw new Error("REDIS_PREFIX is not set: run through npm test");
  return deleteRunKeys(prefix);
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("redisloss"));
  cookie = owner.cookie;
  images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({ cookie, name: "redis-loss-it", machines: [{ name: "wrd1", index: 181 }] });
}, 300_000);

afterAll(async () => {
  console.info(`[redis-loss] ${measured.join("\n[redis-loss] ")}`);
  await cluster?.stop();
}, 120_000);

describe("Redis loses its data under a running cluster", () => {
  it("heals with no process restarted: commands route, the sweep recreates a service removed by hand, the node stays Ready, a fresh deploy succeeds", async () => {
    const kept = await deploy("kept");
    expect(kept.deployment.error).toBeNull();
    const engine = dockerClient(cluster.machines[0]!.socketPath);
    const web = (await engine.listServices()).find((s) => s.Spec?.Name?.endsWith("_web"));
    expect(web?.Spec?.Name).toBeTruthy();

    const deleted = await loseRedisData();
    const lostAt = Date.now();
    expect(deleted).toBeGreaterThan(0);
    await engine.getService(web!.ID).remove();

    // The status page asks the manager (a command through the gateway's mapping, written back).
    await waitFor(
      "the service removed by hand recreated",
      async () => {
        const status = await call<Status>("GET", `/api/v1/applications/${kept.id}/status`, { cookie });
        return status.status === 200 && status.json.services.some((s) => s.name === "web" && s.running === 1);
      },
      60_000,
      500,
    );
    measured.push(`service removed by hand running again ${((Date.now() - lostAt) / 1000).toFixed(1)} s after the data loss`);

    const node = await call<{ items: Array<{ hostname: string; status: string }> }>("GET", `/api/v1/clusters/${cluster.clusterId}/nodes`, {
      cookie,
    });
    expect(node.json.items.find((n) => n.hostname === "wrd1")?.status).toBe("READY");

    const fresh = await deploy("fresh");
    expect(fresh.deployment).toMatchObject({ status: "SUCCEEDED", error: null });
    measured.push(`a fresh deploy succeeded ${((Date.now() - lostAt) / 1000).toFixed(1)} s after the data loss`);
  }, 300_000);
});
