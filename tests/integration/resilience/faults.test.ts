/**
 * The fault suite (issue 14). Each fault is injected while Wharf deploys a 3-service application
 * whose services depend on each other (db ← api ← web, each healthy a few seconds after it starts,
 * so the deployment waits between them): kill -9 of the console, the workers, the gateway and the
 * agent; Redis restarted with its data lost; PostgreSQL's link cut (requests meanwhile get 503 in
 * the error shape); the agent↔gateway link cut; a worker node's dockerd restarted.
 *
 * For each: the deployment completes (or fails with a reason and rolls back), and once the fault
 * has ended a service deleted by hand (of another application, "canary") is recreated and a fresh
 * deploy (of a third, one-service application, "fresh") succeeds. Timings are printed; the bounds
 * asserted are behaviour, not speed.
 *
 * Nothing here touches shared infrastructure: Wharf's processes in this file use a redis-server of
 * its own (a free port, nothing on disk) and reach PostgreSQL and the gateway through loopback
 * proxies this file can cut; the swarm is two netns machines of this file (a manager and a worker).
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpProxy, throughProxy, type TcpProxy } from "../../support/integration/tcp-proxy";

type Client = typeof import("../../support/integration/client");
type Processes = typeof import("../../support/integration/processes");
type Cluster = import("../../support/integration/swarm-cluster").SwarmCluster;
type Deployment = {
  id: string;
  kind: string;
  status: string;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  steps: Array<{ message: string }>;
};
type Status = { services: Array<{ name: string; running: number; desired: number }> };

const MANAGER = { name: "wft1", index: 201 };
const WORKER = { name: "wft2", index: 202 };
let client: Client;
let procs: Processes;
let cluster: Cluster;
let cookie: string;
let busybox: string;
let shopId: string;
let canaryId: string;
let freshId: string;
let redis: { port: number; proc: ChildProcess };
let pgProxy: TcpProxy;
let agentProxy: TcpProxy;
let consolePort: number;
let consoleProc: import("../../support/integration/processes").Proc;
let generation = 0;
const measured: string[] = [];

// Healthy a second after start (the first check): depends_on makes the deployment wait for each in
// turn; updates are watched for a second (not Wharf's default 5 s) to keep the suite short.
const healthy = `    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1s\n      timeout: 2s\n    deploy:\n      update_config:\n        monitor: 1s\n`;
const SHOP = (mark: string) => `services:
  db:
    image: ${busybox}
    environment: { MARK: "${mark}" }
${healthy}  api:
    image: ${busybox}
    environment: { MARK: "${mark}" }
    depends_on: [db]
${healthy}  web:
    image: ${busybox}
    environment: { MARK: "${mark}" }
    depends_on: [api]
${healthy}`;

const FRESH = (mark: string) => `services:\n  one:\n    image: ${busybox}\n    environment: { MARK: "${mark}" }\n${healthy}`;

const api = <T>(method: string, path: string, body?: unknown) => client.call<T>(method, `/api/v1${path}`, { cookie, body });
const deploymentsOf = async (appId: string) =>
  (await api<{ items: Deployment[] }>("GET", `/applications/${appId}/deployments?limit=100`)).json.items;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A redis-server of this file's own: nothing on disk, so a restart loses everything. */
async function startRedis(port: number): Promise<{ port: number; proc: ChildProcess }> {
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (up) return { port, proc };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on ${port}`);
}

function startConsole(): import("../../support/integration/processes").Proc {
  return procs.startProcess("console", ["--import", "tsx", "tests/integration/registry/support/console-server.ts"], {
    REGISTRY_CONSOLE_LISTEN: `127.0.0.1:${consolePort}`,
    CONSOLE_SERVER_ALL_ROUTES: "1",
    WHARF_PROCESS: "test",
  });
}

/** A GET through the console process (a real HTTP server in its own process). */
async function viaConsole(path: string): Promise<number> {
  try {
    return (await fetch(`http://127.0.0.1:${consolePort}/api/v1${path}`, { headers: { cookie } })).status;
  } catch {
    return 0;
  }
}

async function upload(appId: string, compose: string, message: string) {
  const res = await api("POST", `/applications/${appId}/versions`, { compose, message });
  expect(res.status, res.text).toBe(201);
}

/** The newest deployment of an application (the shop by default) once it is one created after `known`. */
async function newest(known: Set<string>, predicate: (d: Deployment) => boolean, what: string, timeoutMs: number, appId = shopId) {
  return procs.waitFor(
    what,
    async () => {
      const d = (await deploymentsOf(appId)).find((x) => !known.has(x.id) && x.kind === "DEPLOY");
      return d && predicate(d) ? d : undefined;
    },
    timeoutMs,
    250,
  );
}

const ended = (d: Deployment) => !["QUEUED", "RUNNING"].includes(d.status);

beforeAll(async () => {
  const realDb = process.env.DATABASE_URL ?? "";
  const dbUrl = new URL(realDb);
  pgProxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
  redis = await startRedis(await freePort());
  agentProxy = await startTcpProxy({ host: "127.0.0.1", port: Number(process.env.GATEWAY_PORT ?? 3291) });
  consolePort = await freePort();
  // Before anything reads them: this process's API, and every process started from here, use them.
  process.env.DATABASE_URL = throughProxy(realDb, pgProxy);
  process.env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;

  client = await import("../../support/integration/client");
  procs = await import("../../support/integration/processes");
  const { signUp, uniqueEmail } = await import("../../support/integration/tenants");
  const { orgTestImages } = await import("../../support/integration/test-registry-images");
  const { startSwarmCluster } = await import("../../support/integration/swarm-cluster");
  const owner = await signUp(uniqueEmail("faults"));
  cookie = owner.cookie;
  busybox = (await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "")).busybox;
  cluster = await startSwarmCluster({
    cookie,
    name: "faults-it",
    machines: [MANAGER, WORKER],
    agentUrl: `http://127.0.0.1:${agentProxy.port}`,
  });
  consoleProc = startConsole();
  await procs.waitFor("the console process", async () => (await viaConsole("/applications")) === 200, 60_000, 250);
  const { deployApplication } = await import("../../support/integration/deployments");
  const canary = await deployApplication({
    cookie,
    clusterId: cluster.clusterId,
    name: "canary",
    compose: `services:\n  probe:\n    image: ${busybox}\n`,
  });
  expect(canary.deployment.status).toBe("SUCCEEDED");
  canaryId = canary.id;
  const fresh = await deployApplication({ cookie, clusterId: cluster.clusterId, name: "fresh", compose: FRESH("initial") });
  expect(fresh.deployment.status).toBe("SUCCEEDED");
  freshId = fresh.id;
  const shop = await deployApplication({ cookie, clusterId: cluster.clusterId, name: "shop", compose: SHOP("initial") });
  expect(shop.deployment, JSON.stringify(shop.deployment)).toMatchObject({ status: "SUCCEEDED" });
  shopId = shop.id;
}, 400_000);

afterAll(async () => {
  console.info(`[faults] ${measured.join("\n[faults] ")}`);
  await cluster?.stop();
  await Promise.all([pgProxy?.close(), agentProxy?.close()]);
  redis?.proc.kill("SIGKILL");
}, 180_000);

/**
 * Deploys a new version of the shop, injects the fault once the deployment waits between its
 * services, and checks the outcome. The healing is checked from the moment the fault ended, while
 * the shop's deployment finishes: a service removed by hand (of "canary") runs again and a fresh
 * deploy (of "fresh") succeeds.
 */
async function underFault(fault: string, inject: () => Promise<void>) {
  const mark = `${fault}-${++generation}`;
  const known = new Set((await deploymentsOf(shopId)).map((d) => d.id));
  await upload(shopId, SHOP(mark), `during: ${fault}`);
  await newest(
    known,
    (d) => d.status === "RUNNING" && d.steps.some((s) => s.message.startsWith("Waiting for db")),
    `${fault}: the deployment waiting between its services`,
    120_000,
  );
  const injected = Date.now();
  await inject();
  const over = Date.now();
  await Promise.all([outcome(fault, known, injected, over), healing(fault, mark, over)]);
}

/** The deployment under the fault completed, or failed with a reason and was rolled back. */
async function outcome(fault: string, known: Set<string>, injected: number, over: number) {
  const during = await newest(known, ended, `${fault}: the deployment under the fault ended`, 240_000);
  if (during.status === "FAILED") {
    expect(during.error, `${fault}: a failure says why`).toBeTruthy();
    await procs.waitFor(
      `${fault}: the rollback`,
      async () => (await deploymentsOf(shopId)).find((d) => !known.has(d.id) && d.kind === "ROLLBACK" && d.status === "SUCCEEDED"),
      180_000,
      500,
    );
  } else {
    expect(during.status, `${fault}: ${during.error ?? ""}`).toBe("SUCCEEDED");
  }
  measured.push(
    `${fault}: fault lasted ${seconds(over - injected)}; the deployment ${during.status.toLowerCase()} ${seconds(Date.parse(during.finishedAt ?? "") - over)} after it${during.error ? ` (${during.error})` : ""}`,
  );
}

/** From the end of the fault: a service removed by hand comes back (the applications sweep), a fresh deploy succeeds. */
async function healing(fault: string, mark: string, over: number) {
  const engine = (await import("../../support/runtime/docker-env")).dockerClient(cluster.machines[0]!.socketPath);
  const probe = (await engine.listServices()).find((s) => s.Spec?.Name?.endsWith("canary_probe"));
  expect(probe, `${fault}: the canary's service`).toBeTruthy();
  await engine.getService(probe!.ID).remove();
  const removedAt = Date.now();
  const known = new Set((await deploymentsOf(freshId)).map((d) => d.id));
  await upload(freshId, FRESH(`${mark}-after`), `after: ${fault}`);
  const [fresh] = await Promise.all([
    newest(known, ended, `${fault}: the fresh deploy`, 240_000, freshId),
    procs
      .waitFor(
        `${fault}: the service removed by hand recreated`,
        async () => {
          const s = (await api<Status>("GET", `/applications/${canaryId}/status`)).json;
          return s.services?.some((x) => x.name === "probe" && x.running === 1);
        },
        120_000,
        500,
      )
      .then(() =>
        measured.push(
          `${fault}: service removed by hand running again ${seconds(Date.now() - removedAt)} after its removal (${seconds(Date.now() - over)} after the fault ended)`,
        ),
      ),
  ]);
  expect(fresh, `${fault}: the fresh deploy`).toMatchObject({ status: "SUCCEEDED", error: null });
  measured.push(`${fault}: a fresh deploy succeeded ${seconds(Date.parse(fresh.finishedAt ?? "") - over)} after the fault ended`);
}

describe("faults in the middle of a deploy", () => {
  it(
    "kill -9 of the console",
    () =>
      underFault("console killed", async () => {
        await procs.stopProcess(consoleProc, "SIGKILL");
        expect(await viaConsole(`/applications/${shopId}/deployments`)).toBe(0);
        consoleProc = startConsole();
        await procs.waitFor("the console back", async () => (await viaConsole(`/applications/${shopId}/deployments`)) === 200, 60_000, 250);
      }),
    600_000,
  );

  it(
    "kill -9 of the workers",
    () =>
      underFault("workers killed", async () => {
        await procs.stopProcess(cluster.processes.worker, "SIGKILL");
        cluster.processes.worker = procs.startWorker({ WORKER_LOCK_SECONDS: "5" });
      }),
    600_000,
  );

  it(
    "kill -9 of the gateway",
    () =>
      underFault("gateway killed", async () => {
        await procs.stopProcess(cluster.processes.gateway, "SIGKILL");
        cluster.processes.gateway = procs.startGateway(cluster.gatewayPort);
        await procs.waitFor("the gateway", () => procs.gatewayHealthy(cluster.gatewayPort));
      }),
    600_000,
  );

  it(
    "kill -9 of the agent",
    () =>
      underFault("agent killed", async () => {
        await procs.stopProcess(cluster.agents[0]!, "SIGKILL");
        const m = cluster.machines[0]!;
        cluster.agents[0] = procs.startAgent({
          name: `${m.name}-again`,
          url: `http://127.0.0.1:${agentProxy.port}`,
          stateDir: cluster.stateDirs[0]!,
          dockerSocket: m.socketPath,
          advertiseAddr: m.address,
        });
      }),
    600_000,
  );

  it(
    "Redis restarted with its data lost",
    () =>
      underFault("Redis restarted", async () => {
        redis.proc.kill("SIGKILL");
        await new Promise((r) => setTimeout(r, 2_000));
        redis = await startRedis(redis.port);
      }),
    600_000,
  );

  it(
    "PostgreSQL's link cut: requests meanwhile get 503 in the error shape",
    () =>
      underFault("PostgreSQL link cut", async () => {
        pgProxy.cut();
        const res = await api<{ error: { code: string; message: string } }>("GET", `/applications/${shopId}`);
        expect(res.status, res.text).toBe(503);
        expect(res.json.error.code).toBe("UNAVAILABLE");
        expect(res.json.error.message).toMatch(/database cannot be reached/i);
        await new Promise((r) => setTimeout(r, 8_000));
        pgProxy.restore();
      }),
    600_000,
  );

  // A worker's engine, not the manager's: a one-manager swarm whose only manager restarts inside a
  // netns does not get its raft back ("failed to rejoin cluster: context deadline exceeded"), which
  // would test Docker, not Wharf. The worker's tasks go down with it; its agent reconnects to the
  // new engine, and the swarm reschedules or restarts them.
  it(
    "a worker node's dockerd restarted",
    () =>
      underFault("dockerd restarted", async () => {
        const { restartNetnsEngine } = await import("../../support/runtime/docker-env");
        const { TEST_REGISTRY } = await import("../../support/integration/swarm-cluster");
        cluster.machines[1] = await restartNetnsEngine(WORKER.name, WORKER.index, {
          extraDockerdArgs: `--insecure-registry ${TEST_REGISTRY.pull}`,
        });
        await procs.waitFor(
          "the worker ready in the swarm again",
          async () => {
            const nodes = await api<{ items: Array<{ hostname: string; status: string }> }>("GET", `/clusters/${cluster.clusterId}/nodes`);
            return nodes.json.items.some((n) => n.hostname === WORKER.name && n.status === "READY");
          },
          90_000,
          500,
        );
      }),
    600_000,
  );

  it(
    "the agent↔gateway link cut",
    () =>
      underFault("agent link cut", async () => {
        agentProxy.cut();
        await new Promise((r) => setTimeout(r, 10_000));
        agentProxy.restore();
      }),
    600_000,
  );
});
