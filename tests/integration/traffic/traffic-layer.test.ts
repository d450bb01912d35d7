/**
 * The traffic layer end to end (issue 10), on a real 2-node swarm with real HAProxy: the MISSION
 * example bound to an HAProxy load balancer by its `aliyun.lb.port_8080` label; scaling and a
 * node drain under a bounded load with no failed request and the pool following the tasks; HTTP
 * virtual hosts with sticky sessions; kill -9 of the agent, the gateway and the workers while
 * traffic flows; an HAProxy restart that restores its configuration.
 *
 * All traffic goes to loopback (HAProxy binds 127.0.0.1; the agent that runs it lives on the host)
 * or to the namespaced machines this test created.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../support/integration/client";
import { nodeIdNamed } from "../../support/integration/cluster-nodes";
import { testDb } from "../../support/integration/db";
import { startAgent, startGateway, startWorker, stopProcess, waitFor, gatewayHealthy } from "../../support/integration/processes";
import { startSwarmCluster, twoMachines, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import {
  adminSocket,
  haproxyMasterPid,
  haproxyPool,
  request,
  runningTaskAddresses,
  startLoad,
  watchConvergence,
} from "../../support/traffic/traffic-probes";

const FRONT = 18_080; // slbtest's listener (the label says 8080; a loopback test port avoids clashes)
const HTTP_PORT = 80; // the routing tier's port 80

const missionExample = (image: string) => `version: "3.0"
services:
  nginx:
    image: ${image}
    deploy:
      mode: replicated
      replicas: 3
    ports:
      - 8080:80
    environment:
      SHUTDOWN_DELAY_MS: "1500"
    labels:
      aliyun.lb.port_8080: tcp://slbtest:${FRONT}
      aliyun.log_store_dbstdout: stdout
      aliyun.log_store_varlog: /var/log/*.log
      aliyun.auto_scaling.max_cpu: 70
      aliyun.auto_scaling.step: 2
    volumes:
      - website:/usr/share/nginx/html
volumes:
  website:
    driver: local
`;

const routed = (image: string, domain: string, version: string) => `version: "3.8"
services:
  web:
    image: ${image}
    deploy:
      replicas: 2
    environment:
      APP_VERSION: ${version}
      PORT: "80"
      SHUTDOWN_DELAY_MS: "1500"
    labels:
      aliyun.routing.port_80: ${domain}
      aliyun.routing.session_sticky: "true"
`;

let cookie: string;
let orgSlug: string;
let cluster: SwarmCluster;
let images: Awaited<ReturnType<typeof orgTestImages>>;
let slbtest: { id: string };
let edge: { id: string };
let appId: string;
let nginxServiceId: string;
const lags: Record<string, number[]> = {};

const lbNode = () => cluster.machines[0]!;
const slbSocket = () => adminSocket(cluster.stateDirs[0]!, slbtest.id);
const FRONT_URL = `http://127.0.0.1:${FRONT}/`;

const nodeId = (hostname: string) => nodeIdNamed(cookie, cluster.clusterId, hostname);

async function scale(replicas: number) {
  const res = await call("POST", `/api/v1/applications/${appId}/services/${nginxServiceId}/scale`, { cookie, body: { replicas } });
  expect(res.status, res.text).toBe(201);
}

async function converge(label: string, count: number) {
  const { lags: measured, pool } = await watchConvergence({
    machines: cluster.machines,
    swarmService: "slbapp_nginx",
    containerPort: 80,
    socket: slbSocket(),
    count,
  });
  lags[label] = measured;
  console.info(
    `[traffic] ${label}: pool = ${count} running tasks; pool lag after each task change: ${measured.map((l) => `${l} ms`).join(", ") || "none"}`,
  );
  return pool;
}

async function deploy(name: string, compose: string): Promise<string> {
  const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
    cookie,
    body: { name, clusterId: cluster.clusterId, compose },
  });
  expect(created.status, created.text).toBe(201);
  const id = created.json.application.id;
  await waitFor(
    `${name} deployed`,
    async () => {
      const d = (
        await call<{ items: Array<{ status: string; error: string | null }> }>("GET", `/api/v1/applications/${id}/deployments?limit=5`, {
          cookie,
        })
      ).json.items[0];
      if (d?.status === "FAILED") throw new Error(`deployment of ${name} failed: ${d.error}`);
      return d?.status === "SUCCEEDED";
    },
    240_000,
    500,
  );
  return id;
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("traffic"));
  cookie = owner.cookie;
  orgSlug = owner.me.memberships[0]?.organizationSlug ?? "";
  images = await orgTestImages(cookie, orgSlug);
  cluster = await startSwarmCluster({
    cookie,
    name: "traffic-it",
    machines: twoMachines("wtr", 81),
  });
  // HAProxy runs on the node labelled wharf.lb=true.
  const label = await call("PATCH", `/api/v1/nodes/${await nodeId("wtr1")}`, { cookie, body: { labels: { "wharf.lb": "true" } } });
  expect(label.status, label.text).toBe(200);
}, 400_000);

afterAll(async () => {
  for (const app of ["slbapp", "alpha", "beta"]) {
    const list = await call<{ items: Array<{ id: string; name: string }> }>("GET", "/api/v1/applications", { cookie }).catch(
      () => undefined,
    );
    const found = list?.json.items?.find((a) => a.name === app);
    if (found) await call("DELETE", `/api/v1/applications/${found.id}`, { cookie }).catch(() => undefined);
  }
  // HAProxy outlives its agent by design: stop the ones this test's load balancers started.
  for (const [lb, dir] of [slbtest, edge].flatMap((l) => (l ? (cluster?.stateDirs ?? []).map((d) => [l, d] as const) : []))) {
    try {
      const pid = haproxyMasterPid(dir, lb.id);
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        process.kill(pid, "SIGKILL");
      } // its group holds the workers
    } catch {
      /* already gone */
    }
  }
  await cluster?.stop();
}, 180_000);

describe("load balancers whose backends follow the tasks", () => {
  it("the MISSION example behind slbtest: all 3 replicas serve through HAProxy on the front port", async () => {
    const created = await call<{ id: string }>("POST", `/api/v1/clusters/${cluster.clusterId}/load-balancers`, {
      cookie,
      body: { name: "slbtest", driver: "haproxy", settings: { bindAddress: "127.0.0.1" } },
    });
    expect(created.status, created.text).toBe(201);
    slbtest = created.json;
    appId = await deploy("slbapp", missionExample(images.nginxStandin));
    const status = await call<{ services: Array<{ id: string; name: string; running: number }> }>(
      "GET",
      `/api/v1/applications/${appId}/status`,
      { cookie },
    );
    nginxServiceId = status.json.services.find((s) => s.name === "nginx")?.id ?? "";
    await converge("deploy (3 replicas)", 3);
    const answers = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await request(FRONT_URL);
      expect(res.status).toBe(200);
      expect(res.body).toMatch(/^nginx-standin /);
      answers.add(res.body.trim().split(" ")[1] ?? "");
    }
    expect(answers.size).toBe(3); // every replica gets traffic
  });

  it("scale 3 → 6 → 2 and drain a node under load: no failed request; the pool equals the running tasks after each change", async () => {
    const load = startLoad({ url: FRONT_URL, concurrency: 4, expect: /^nginx-standin / });
    try {
      await scale(6);
      await converge("scale 3 → 6", 6);
      await scale(2);
      await converge("scale 6 → 2", 2);
      await scale(4);
      await converge("scale 2 → 4", 4);
      const drain = await call("PATCH", `/api/v1/nodes/${await nodeId("wtr2")}`, { cookie, body: { availability: "DRAIN" } });
      expect(drain.status, drain.text).toBe(200);
      // The swarm moves the tasks in its own time; the pool must follow each move.
      const onLbNode = (addresses: string[]) => addresses.length === 4 && addresses.every((a) => a.startsWith(`${lbNode().address}:`));
      const watching = converge("drain wtr2", 4);
      await waitFor(
        "every task moved to wtr1",
        async () => onLbNode(await runningTaskAddresses(cluster.machines, "slbapp_nginx", 80)),
        120_000,
        200,
      );
      let pool = await watching;
      if (!onLbNode(pool)) pool = await converge("drain wtr2 (rest)", 4);
      expect(pool.every((a) => a.startsWith(`${lbNode().address}:`))).toBe(true);
      const active = await call("PATCH", `/api/v1/nodes/${await nodeId("wtr2")}`, { cookie, body: { availability: "ACTIVE" } });
      expect(active.status, active.text).toBe(200);
    } finally {
      const result = await load.stop();
      console.info(
        `[traffic] load through HAProxy during scaling and drain: ${result.ok} ok, ${result.failed} failed ${result.errors.slice(0, 3).join("; ")}`,
      );
      expect(result.failed, result.errors.join("\n")).toBe(0);
      expect(result.ok).toBeGreaterThan(100);
    }
    const all = Object.values(lags).flat();
    console.info(`[traffic] pool lag over all changes: max ${Math.max(...all)} ms over ${all.length} task changes`);
  });
});

describe("HTTP virtual hosts on port 80", () => {
  it("two applications answer on the same port by Host header; sticky sessions keep a client on one task", async () => {
    const created = await call<{ id: string }>("POST", `/api/v1/clusters/${cluster.clusterId}/load-balancers`, {
      cookie,
      body: { name: "edge", driver: "haproxy", routing: true, settings: { bindAddress: "127.0.0.1", httpPort: HTTP_PORT } },
    });
    expect(created.status, created.text).toBe(201);
    edge = created.json;
    await Promise.all([
      deploy("alpha", routed(images.nodeAppV1, "alpha.example.test", "alpha")),
      deploy("beta", routed(images.nodeAppV1, "beta", "beta")),
    ]);
    const url = `http://127.0.0.1:${HTTP_PORT}/`;
    // beta used a bare prefix: it lives under the cluster's routing domain
    const betaHost = `beta.traffic-it.${orgSlug}.wharf.localhost`;
    await waitFor(
      "both hosts routed",
      async () => {
        const [a, b] = await Promise.all([
          request(url, { host: "alpha.example.test" }).catch(() => null),
          request(url, { host: betaHost }).catch(() => null),
        ]);
        return a?.status === 200 && a.body.startsWith("alpha ") && b?.status === 200 && b.body.startsWith("beta ");
      },
      60_000,
      250,
    );
    expect((await request(url, { host: "nobody.example.test" })).status).toBeGreaterThanOrEqual(400);

    // Without the cookie, requests spread over both tasks; with it, they stay on one.
    const spread = new Set<string>();
    let cookieHeader = "";
    for (let i = 0; i < 20; i++) {
      const res = await request(url, { host: "alpha.example.test" });
      spread.add(res.body.trim().split(" ")[1] ?? "");
      const set = res.headers["set-cookie"]?.[0];
      if (set && !cookieHeader) cookieHeader = set.split(";")[0] ?? "";
    }
    expect(spread.size).toBe(2);
    expect(cookieHeader).toMatch(/=/);
    const stuck = new Set<string>();
    for (let i = 0; i < 20; i++)
      stuck.add((await request(url, { host: "alpha.example.test", cookie: cookieHeader })).body.trim().split(" ")[1] ?? "");
    expect(stuck.size).toBe(1);
  });
});

describe("the data path does not depend on the control plane", () => {
  async function flowsWhile(what: string, act: () => Promise<void>) {
    const load = startLoad({ url: FRONT_URL, concurrency: 2, expect: /^nginx-standin / });
    await act();
    await new Promise((r) => setTimeout(r, 4_000));
    const result = await load.stop();
    console.info(`[traffic] ${what}: ${result.ok} ok, ${result.failed} failed`);
    expect(result.failed, result.errors.join("\n")).toBe(0);
    expect(result.ok).toBeGreaterThan(20);
  }

  it("kill -9 of the agent on the load-balancer node: traffic keeps flowing; back, the pool follows a scale again", async () => {
    await flowsWhile("agent killed", async () => {
      await stopProcess(cluster.agents[0]!, "SIGKILL");
    });
    cluster.agents[0] = startAgent({
      name: "wtr1-again",
      url: `http://127.0.0.1:${cluster.gatewayPort}`,
      stateDir: cluster.stateDirs[0]!,
      dockerSocket: lbNode().socketPath,
      advertiseAddr: lbNode().address,
    });
    await scale(3);
    await converge("after the agent returned: scale 4 → 3", 3);
  });

  it("kill -9 of the gateway: traffic keeps flowing; back, the pool follows a scale again", async () => {
    await flowsWhile("gateway killed", async () => {
      await stopProcess(cluster.processes.gateway, "SIGKILL");
    });
    cluster.processes.gateway = startGateway(cluster.gatewayPort);
    await waitFor("the gateway", () => gatewayHealthy(cluster.gatewayPort));
    await scale(4);
    await converge("after the gateway returned: scale 3 → 4", 4);
  });

  it("kill -9 of the workers: traffic keeps flowing; back, the pool follows a scale again", async () => {
    await flowsWhile("workers killed", async () => {
      await stopProcess(cluster.processes.worker, "SIGKILL");
    });
    cluster.processes.worker = startWorker({ WORKER_LOCK_SECONDS: "5" });
    await scale(2);
    await converge("after the workers returned: scale 4 → 2", 2);
  });

  it("HAProxy killed outright is restarted by the agent with its configuration: the same pool, serving", async () => {
    const before = await haproxyPool(slbSocket());
    const pid = haproxyMasterPid(cluster.stateDirs[0]!, slbtest.id);
    process.kill(pid, "SIGKILL");
    await waitFor(
      "HAProxy back with its pool",
      async () => {
        const now = await haproxyPool(slbSocket()).catch(() => null);
        return now !== null && haproxyMasterPid(cluster.stateDirs[0]!, slbtest.id) !== pid && now.join() === before.join();
      },
      30_000,
      250,
    );
    await waitFor("serving again", async () => (await request(FRONT_URL).catch(() => null))?.status === 200, 15_000, 200);
  });

  it("a node newly labelled wharf.lb=true is sent every balancer's whole configuration; unlabelled, it is told to stop its HAProxies", async () => {
    // In this harness every agent runs on the host, so wtr2's HAProxy could not bind wtr1's
    // loopback ports; what is checked is what the control plane sends (the Command rows).
    const second = await nodeId("wtr2");
    const sent = async (type: string) =>
      (await testDb().query(`select count(*)::int as n from "Command" where "nodeId" = $1 and type = $2`, [second, type])).rows[0]
        ?.n as number;
    expect(await sent("haproxy.listener.ensure")).toBe(0);
    const label = await call("PATCH", `/api/v1/nodes/${second}`, { cookie, body: { labels: { "wharf.lb": "true" } } });
    expect(label.status, label.text).toBe(200);
    // both balancers' listeners (slbtest's tcp one and edge's routing one), not only a changed pool
    await waitFor("the whole configuration sent to wtr2", async () => (await sent("haproxy.listener.ensure")) >= 2, 60_000, 250);
    const unlabel = await call("PATCH", `/api/v1/nodes/${second}`, { cookie, body: { labels: {} } });
    expect(unlabel.status, unlabel.text).toBe(200);
    await waitFor("wtr2 told to stop both HAProxies", async () => (await sent("haproxy.remove")) >= 2, 60_000, 250);
    // wtr1 serves on, and the balancers sync cleanly again without wtr2
    await waitFor(
      "slbtest in sync",
      async () =>
        (await testDb().query(`select "lastSyncOk" from "LoadBalancer" where id = $1`, [slbtest.id])).rows[0]?.lastSyncOk === true,
      60_000,
      250,
    );
    expect((await request(FRONT_URL)).status).toBe(200);
  });
});
