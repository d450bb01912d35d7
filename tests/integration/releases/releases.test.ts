/**
 * Releases end to end (issue 11) on a real 2-node swarm with real HAProxy and a test image whose
 * version (APP_VERSION) and failure rate (FAIL_RATE) are set per version. A bounded load generator
 * sends well over 100 requests/s through HAProxy on loopback during each scenario and counts every
 * failure and every answer by version:
 *  - a load-balancer-aware rolling update of 4 replicas: 0 failed;
 *  - blue-green → 80/20 → promote: 0 failed, the split within ±5 points over ≥ 2,000 requests,
 *    each weight change at HAProxy within 1 s;
 *  - blue-green → 50/50 → roll back: 0 failed, the split within ±5 points;
 *  - a canary whose new version fails 20 % of requests aborts at its first step by itself, traffic
 *    returns to the old version, the timeline holds the decision with its figures;
 *  - a healthy canary walks every step to 100 %;
 *  - kill -9 of the workers, the gateway and the agent on the load-balancer node at several steps:
 *    the release completes or rolls back, nothing is left half-switched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../support/integration/client";
import { nodeIdNamed } from "../../support/integration/cluster-nodes";
import { deployApplication } from "../../support/integration/deployments";
import { testDb } from "../../support/integration/db";
import { gatewayHealthy, startAgent, startGateway, startWorker, stopProcess, waitFor } from "../../support/integration/processes";
import { startSwarmCluster, twoMachines, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import { dockerClient } from "../../support/runtime/docker-env";
import { adminSocket, haproxyMasterPid, haproxyServers, request, runningTaskAddresses } from "../../support/traffic/traffic-probes";
import { measureSplit as splitOver, startVersionLoad, type VersionLoad } from "../../support/version-load";
import { getRelease, haproxyShare, startRelease, waitForRelease, type ReleaseJson } from "./support/release-probes";

const FRONT = 18_090;
const FRONT_URL = `http://127.0.0.1:${FRONT}/`;
const BACKEND = /^be_http_18090/;

const app = (image: string, version: string, extra: Record<string, string> = {}, replicas = 4) => `services:
  web:
    image: ${image}
    deploy:
      replicas: ${replicas}
    ports: ["80"]
    environment:
      APP_VERSION: ${version}
      PORT: "80"
${Object.entries(extra)
  .map(([k, v]) => `      ${k}: "${v}"`)
  .join("\n")}
    labels:
      aliyun.lb.port_80: http://rel:${FRONT}
`;

let cookie: string;
let cluster: SwarmCluster;
let images: Awaited<ReturnType<typeof orgTestImages>>;
let lb: { id: string };
let appId: string;
let version = 1;
/** The version serving now. */
let live = "v1";
const measured: string[] = [];

const socket = () => adminSocket(cluster.stateDirs[0]!, lb.id);

const nodeId = (hostname: string) => nodeIdNamed(cookie, cluster.clusterId, hostname);

/** The live colour's Swarm name (web or web_green). */
async function liveService(): Promise<string> {
  const res = await call<{ services: Array<{ name: string; swarmName: string }> }>("GET", `/api/v1/applications/${appId}`, { cookie });
  return res.json.services.find((s) => s.name === "web")?.swarmName ?? "";
}

/** Serving through HAProxy, every answer from `expected`. */
async function servesOnly(expected: string) {
  await waitFor(
    `only ${expected} answers`,
    async () => {
      for (let i = 0; i < 20; i++) {
        const res = await request(FRONT_URL).catch(() => null);
        if (res?.status !== 200 || !res.body.startsWith(`${expected} `)) return false;
      }
      return true;
    },
    60_000,
    250,
  );
}

/** The application's services as the swarm itself lists them: nothing half-switched is left behind. */
async function swarmServices(): Promise<string[]> {
  const services = await dockerClient(cluster.machines[0]!.socketPath).listServices({
    filters: JSON.stringify({ label: ["wharf.app=relapp"] }),
  });
  return services.map((s) => s.Spec?.Name ?? "").sort();
}

/** HAProxy sends new requests exactly to the live colour's running tasks (servers leaving the pool drain, then go). */
async function poolIsLive() {
  const live = await liveService();
  let seen = "";
  try {
    await waitFor(
      "HAProxy's pool = the live colour's tasks",
      async () => {
        const tasks = new Set(await runningTaskAddresses(cluster.machines, live, 80));
        const servers = (await haproxyServers(socket())).filter((s) => BACKEND.test(s.backend));
        const taking = servers.filter((s) => s.weight > 0 && !/^(MAINT|DRAIN)/.test(s.status));
        seen = `tasks of ${live}: ${[...tasks].join(" ")}\nHAProxy: ${servers.map((s) => `${s.server}@${s.address} ${s.status} w${s.weight}`).join(", ")}`;
        return tasks.size > 0 && taking.length === tasks.size && taking.every((s) => tasks.has(s.address));
      },
      60_000,
      250,
    );
  } catch (error) {
    const rows = await testDb().query(`select "nodeId", tasks, "reportedAt" from "NodeTasks" where "clusterId" = $1`, [cluster.clusterId]);
    const lbRow = await testDb().query(`select "lastSyncOk", "lastSyncError", "lastSyncAt", applied from "LoadBalancer" where id = $1`, [
      lb.id,
    ]);
    const gen = await testDb().query(`select "trafficRequested", "trafficSynced" from "Cluster" where id = $1`, [cluster.clusterId]);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${seen}\nNodeTasks: ${JSON.stringify(rows.rows)}\nLB: ${JSON.stringify(lbRow.rows)}\ngenerations: ${JSON.stringify(gen.rows)}`,
    );
  }
}

async function nextCompose(extra: Record<string, string> = {}) {
  version++;
  return { compose: app(images.nodeAppV1, `v${version}`, extra), version: `v${version}` };
}

/** Applies a weight through the API and times it until HAProxy holds it. */
async function setWeight(release: ReleaseJson, toWeight: number): Promise<number> {
  const greenAddresses = new Set(await runningTaskAddresses(cluster.machines, release.services[0]!.to, 80));
  const started = Date.now();
  const res = await call("POST", `/api/v1/releases/${release.id}/weight`, { cookie, body: { toWeight } });
  expect(res.status, res.text).toBe(200);
  await waitFor(
    `HAProxy at ${toWeight} %`,
    async () => Math.abs((await haproxyShare(socket(), BACKEND, greenAddresses)) - toWeight) < 1.5,
    10_000,
    20,
  );
  const ms = Date.now() - started;
  measured.push(`weight → ${toWeight} %: ${ms} ms`);
  return ms;
}

/** The measured split over at least `requests` answers, once the weights are in place. */
const measureSplit = (load: VersionLoad, newVersion: string, requests = 2_000) => splitOver(load, newVersion, requests, 120_000);

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("releases"));
  cookie = owner.cookie;
  images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({
    cookie,
    name: "releases-it",
    machines: twoMachines("wrl", 91),
  });
  const label = await call("PATCH", `/api/v1/nodes/${await nodeId("wrl1")}`, { cookie, body: { labels: { "wharf.lb": "true" } } });
  expect(label.status, label.text).toBe(200);
  const created = await call<{ id: string }>("POST", `/api/v1/clusters/${cluster.clusterId}/load-balancers`, {
    cookie,
    body: { name: "rel", driver: "haproxy", settings: { bindAddress: "127.0.0.1" } },
  });
  expect(created.status, created.text).toBe(201);
  lb = created.json;
  const deployed = await deployApplication({ cookie, clusterId: cluster.clusterId, name: "relapp", compose: app(images.nodeAppV1, "v1") });
  expect(deployed.deployment, JSON.stringify(deployed.deployment)).toMatchObject({ status: "SUCCEEDED" });
  appId = deployed.id;
  await servesOnly(live);
}, 600_000);

afterAll(async () => {
  console.info(`[releases] ${measured.join("\n[releases] ")}`);
  if (appId) await call("DELETE", `/api/v1/applications/${appId}`, { cookie }).catch(() => undefined);
  for (const dir of cluster?.stateDirs ?? []) {
    try {
      const pid = haproxyMasterPid(dir, lb.id);
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        process.kill(pid, "SIGKILL");
      }
    } catch {
      /* not running there */
    }
  }
  await cluster?.stop();
}, 180_000);

// WHARF_RELEASE_TESTS=kills|scenarios runs one half while iterating; CI runs both.
const only = process.env.WHARF_RELEASE_TESTS;

describe.skipIf(only === "kills")("releases through the load balancer, under load", () => {
  it("rolling update of 4 replicas, load-balancer aware: every task replaced, 0 failed requests", async () => {
    const load = startVersionLoad({ url: FRONT_URL, concurrency: 8 });
    const before = await liveService();
    const next = await nextCompose();
    const release = await startRelease(cookie, appId, next.compose, { strategy: "rolling" });
    expect(release.strategy).toBe("rolling");
    const done = await waitForRelease(cookie, release.id, ["done"], undefined, 420_000);
    const result = await load.stop();
    measured.push(`rolling 4 replicas: ${result.ok} ok, ${result.failed} failed, ${result.rate.toFixed(0)} req/s`);
    expect(result.failed, result.errors.join("\n")).toBe(0);
    expect(result.rate).toBeGreaterThanOrEqual(100);
    // Each old task was drained, then stopped: the timeline says so four times.
    // Each old task was drained before it was stopped (a step may take two when a report lagged).
    const drainedIds = done.events
      .filter((e) => e.message.startsWith("Draining old task"))
      .flatMap((e) =>
        e.message
          .replace(/^Draining old tasks? /, "")
          .split(" (")[0]!
          .split(", "),
      );
    expect(new Set(drainedIds).size).toBe(4);
    expect(await liveService()).not.toBe(before);
    await servesOnly(next.version);
    live = next.version;
    expect(await swarmServices()).toEqual([await liveService()]);
    await poolIsLive();
    const audit = await testDb().query(`select 1 from "AuditLog" where action = 'release.create' and "targetId" = $1`, [appId]);
    expect(audit.rowCount).toBeGreaterThan(0);
  }, 600_000);

  it("a rolling release whose new tasks crash rolls back by itself: the old version keeps serving, 0 failed", async () => {
    const load = startVersionLoad({ url: FRONT_URL, concurrency: 6 });
    const liveBefore = await liveService();
    version++;
    // The new version's process exits at once: its tasks never take traffic.
    const crashing = app(images.nodeAppV1, `v${version}`).replace(
      "    ports:",
      `    command: ["/usr/bin/node", "-e", "process.exit(3)"]\n    ports:`,
    );
    const release = await startRelease(cookie, appId, crashing, { strategy: "rolling" });
    const ended = await waitForRelease(cookie, release.id, ["failed"], undefined, 300_000);
    const result = await load.stop();
    measured.push(`rolling with crashing tasks: ended ${ended.state} (${ended.error}); ${result.ok} ok, ${result.failed} failed`);
    expect(result.failed, result.errors.join("\n")).toBe(0);
    expect(ended.error).toMatch(/cannot start its tasks/);
    expect(ended.events.some((e) => e.kind === "failure")).toBe(true);
    expect(await liveService()).toBe(liveBefore);
    await servesOnly(live);
    expect(await swarmServices()).toEqual([liveBefore]);
    await poolIsLive();
  }, 600_000);

  it("blue-green → 80/20 → promote: the split holds, weight changes land within 1 s, 0 failed", async () => {
    // Four loops give well over 100 req/s and leave the two cores room for the control plane.
    const load = startVersionLoad({ url: FRONT_URL, concurrency: 4 });
    const previous = live;
    const next = await nextCompose();
    const release = await startRelease(cookie, appId, next.compose, { strategy: "blue-green" });
    await waitForRelease(cookie, release.id, ["verifying"], "Waiting for your decision");
    const ready = await getRelease(cookie, release.id);
    expect(ready.services[0]!.to).not.toBe(ready.services[0]!.from);
    // Both colours run; the new one takes nothing until told to.
    const zero = await measureSplit(load, next.version, 500);
    expect(zero.share).toBe(0);
    expect(await setWeight(ready, 20)).toBeLessThan(1_000);
    const split = await measureSplit(load, next.version);
    measured.push(
      `blue-green 80/20: new version ${split.share.toFixed(1)} % of ${split.total} requests (${split.perSecond.toFixed(0)} req/s)`,
    );
    expect(Math.abs(split.share - 20)).toBeLessThanOrEqual(5);
    const promote = await call("POST", `/api/v1/releases/${release.id}/promote`, { cookie });
    expect(promote.status, promote.text).toBe(200);
    const done = await waitForRelease(cookie, release.id, ["done"]);
    const result = await load.stop();
    measured.push(`blue-green promote: ${result.ok} ok, ${result.failed} failed, ${result.rate.toFixed(0)} req/s`);
    expect(result.failed, result.errors.join("\n")).toBe(0);
    expect(result.rate).toBeGreaterThanOrEqual(100);
    expect(done.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["weight", "promote", "done"]));
    await servesOnly(next.version);
    live = next.version;
    expect(await swarmServices()).toEqual([await liveService()]);
    await poolIsLive();
    expect(previous).not.toBe(next.version);
  }, 600_000);

  it("blue-green → 50/50 → roll back: the split holds, traffic returns to the old version, 0 failed", async () => {
    // Four loops give well over 100 req/s and leave the two cores room for the control plane.
    const load = startVersionLoad({ url: FRONT_URL, concurrency: 4 });
    const previous = live;
    const liveBefore = await liveService();
    const next = await nextCompose();
    const release = await startRelease(cookie, appId, next.compose, { strategy: "blue-green" });
    const ready = await waitForRelease(cookie, release.id, ["verifying"], "Waiting for your decision");
    expect(await setWeight(ready, 50)).toBeLessThan(1_000);
    const split = await measureSplit(load, next.version);
    measured.push(
      `blue-green 50/50: new version ${split.share.toFixed(1)} % of ${split.total} requests (${split.perSecond.toFixed(0)} req/s)`,
    );
    expect(Math.abs(split.share - 50)).toBeLessThanOrEqual(5);
    const rollback = await call("POST", `/api/v1/releases/${release.id}/rollback`, { cookie });
    expect(rollback.status, rollback.text).toBe(200);
    const ended = await waitForRelease(cookie, release.id, ["aborted"]);
    const result = await load.stop();
    measured.push(`blue-green roll back: ${result.ok} ok, ${result.failed} failed, ${result.rate.toFixed(0)} req/s`);
    expect(result.failed, result.errors.join("\n")).toBe(0);
    expect(ended.events.some((e) => e.kind === "abort" && e.actor !== "system")).toBe(true);
    await servesOnly(previous);
    expect(await liveService()).toBe(liveBefore);
    expect(await swarmServices()).toEqual([liveBefore]);
    await poolIsLive();
  }, 600_000);

  it("a canary failing 20 % of requests aborts at its first step by itself; the timeline shows why, with figures", async () => {
    const load = startVersionLoad({ url: FRONT_URL, concurrency: 6 });
    const previous = live;
    const next = await nextCompose({ FAIL_RATE: "0.2" });
    const release = await startRelease(cookie, appId, next.compose, {
      strategy: "canary",
      canary: { steps: [20, 50, 100], holdSeconds: 20, maxErrorRate: 0.05 },
    });
    const ended = await waitForRelease(cookie, release.id, ["aborted"], undefined, 300_000);
    await load.stop();
    const decision = ended.events.find((e) => e.kind === "abort");
    expect(decision?.message).toMatch(/Canary aborted at step 1 \(20 %\)/);
    expect(decision?.actor).toBe("system");
    const green = decision?.figures?.[ended.toColour as "blue" | "green"];
    expect(green?.errorRate ?? 0).toBeGreaterThan(0.05);
    expect(green?.requests ?? 0).toBeGreaterThanOrEqual(20);
    measured.push(`canary abort: ${decision?.message}`);
    expect(ended.events.some((e) => e.kind === "canary-step" && e.message.includes("step 2"))).toBe(false);
    await servesOnly(previous);
    expect(await swarmServices()).toEqual([await liveService()]);
    await poolIsLive();
  }, 600_000);

  it("a healthy canary walks every step to 100 % and promotes itself", async () => {
    const load = startVersionLoad({ url: FRONT_URL, concurrency: 6 });
    const next = await nextCompose();
    const release = await startRelease(cookie, appId, next.compose, {
      strategy: "canary",
      canary: { steps: [10, 50, 100], holdSeconds: 10 },
    });
    const done = await waitForRelease(cookie, release.id, ["done"], undefined, 300_000);
    const result = await load.stop();
    measured.push(`healthy canary: ${result.ok} ok, ${result.failed} failed`);
    expect(result.failed, result.errors.join("\n")).toBe(0);
    expect(done.events.filter((e) => e.kind === "canary-pass").length).toBe(3);
    expect(done.events.filter((e) => e.kind === "canary-pass").every((e) => e.figures !== null)).toBe(true);
    await servesOnly(next.version);
    live = next.version;
    await poolIsLive();
  }, 600_000);
});

describe.skipIf(only === "scenarios")("killed at any step, a release completes or rolls back", () => {
  type Victim = "workers" | "gateway" | "agent on the LB node";
  const kill = async (victim: Victim) => {
    if (victim === "workers") {
      await stopProcess(cluster.processes.worker, "SIGKILL");
      cluster.processes.worker = startWorker({ WORKER_LOCK_SECONDS: "5" });
    } else if (victim === "gateway") {
      await stopProcess(cluster.processes.gateway, "SIGKILL");
      cluster.processes.gateway = startGateway(cluster.gatewayPort);
      await waitFor("the gateway", () => gatewayHealthy(cluster.gatewayPort));
    } else {
      await stopProcess(cluster.agents[0]!, "SIGKILL");
      const m = cluster.machines[0]!;
      cluster.agents[0] = startAgent({
        name: `wrl1-${Date.now()}`,
        url: `http://127.0.0.1:${cluster.gatewayPort}`,
        stateDir: cluster.stateDirs[0]!,
        dockerSocket: m.socketPath,
        advertiseAddr: m.address,
      });
    }
  };

  // Steps that last long enough to be hit: a task starting, a colour deploying, a decision pending, a canary hold.
  const TABLE: Array<{ strategy: "rolling" | "blue-green" | "canary"; victim: Victim; at: string; then: "promote" | "rollback" | null }> = [
    { strategy: "rolling", victim: "workers", at: "Waiting for the new task to take traffic", then: null },
    { strategy: "rolling", victim: "agent on the LB node", at: "Waiting for the new task to take traffic", then: null },
    { strategy: "blue-green", victim: "gateway", at: "Starting the new version", then: "promote" },
    { strategy: "blue-green", victim: "workers", at: "Waiting for your decision", then: "promote" },
    { strategy: "blue-green", victim: "agent on the LB node", at: "Waiting for your decision", then: "rollback" },
    { strategy: "canary", victim: "workers", at: "Holding a canary step", then: null },
  ];

  for (const row of TABLE) {
    it(`${row.strategy}: kill -9 of the ${row.victim} at "${row.at}"${row.then ? `, then ${row.then}` : ""}`, async () => {
      const load = startVersionLoad({ url: FRONT_URL, concurrency: 4 });
      const next = await nextCompose();
      const release = await startRelease(cookie, appId, next.compose, {
        strategy: row.strategy,
        ...(row.strategy === "canary" ? { canary: { steps: [50, 100], holdSeconds: 10 } } : {}),
      });
      await waitForRelease(cookie, release.id, ["deploying", "verifying"], row.at, 300_000);
      await kill(row.victim);
      if (row.then) {
        await waitFor(
          `${row.then} accepted`,
          async () => (await call("POST", `/api/v1/releases/${release.id}/${row.then}`, { cookie })).status === 200,
          300_000,
          500,
        );
      }
      const ended = await waitForRelease(cookie, release.id, ["done", "aborted", "failed"], undefined, 420_000);
      const result = await load.stop();
      measured.push(`kill -9 ${row.victim} (${row.strategy}, "${row.at}"): ended ${ended.state}; ${result.ok} ok, ${result.failed} failed`);
      expect(ended.state, ended.events.map((e) => e.message).join("\n")).toBe(row.then === "rollback" ? "aborted" : "done");
      if (ended.state === "done") live = next.version;
      // Nothing half-switched: one colour left, serving, the pool exactly its tasks.
      expect(await swarmServices()).toEqual([await liveService()]);
      await servesOnly(live);
      await poolIsLive();
    }, 900_000);
  }
});
