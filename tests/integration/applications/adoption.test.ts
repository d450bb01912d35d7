/**
 * Adopting what already runs (issue 15, item 4), on a real two-machine swarm: a service made with
 * `docker service create` and a stack made with `docker stack deploy` are listed as running outside
 * Wharf, previewed (the written template reproduces them: no difference in their tasks) and adopted
 * as applications without one task restarted (task ids unchanged), then scaled through Wharf (down
 * for the service with a fixed host port, up for the stack's web), still without touching the tasks
 * that ran. A service Wharf cannot write as it runs (a VIP endpoint) is refused with what differs,
 * and nothing is created.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTestImages, TEST_IMAGES } from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { startSwarmCluster, twoMachines, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { waitFor } from "../../support/wait-for";

type Group = { kind: string; name: string; services: Array<{ name: string; runningTasks: number }> };
type Plan = {
  compose: string;
  adoptable: boolean;
  problems: unknown[];
  services: Array<{ name: string; swarmName: string; differences: Array<{ path: string }> }>;
};
type Status = { services: Array<{ id: string; name: string; running: number; desired: number }> };
type Deployment = { kind: string; status: string; error: string | null };

let cookie: string;
let cluster: SwarmCluster;
let socket: string;
let tmp: string;

const docker = (...args: string[]) =>
  execFileSync("docker", ["-H", `unix://${socket}`, ...args], { encoding: "utf8", timeout: 60_000 }).trim();

/** The ids of a service's tasks meant to run, sorted. */
const runningTaskIds = (service: string) =>
  docker("service", "ps", "-q", "--no-trunc", "--filter", "desired-state=running", service).split("\n").filter(Boolean).sort();

async function tasksUp(service: string, count: number): Promise<string[]> {
  return waitFor(
    `${count} running tasks of ${service}`,
    async () => {
      const states = docker("service", "ps", "--format", "{{.CurrentState}}", "--filter", "desired-state=running", service)
        .split("\n")
        .filter(Boolean);
      return states.length === count && states.every((s) => s.startsWith("Running")) ? runningTaskIds(service) : undefined;
    },
    90_000,
    500,
  );
}

const foreign = async () => {
  const res = await call<{ items: Group[] }>("GET", `/api/v1/clusters/${cluster.clusterId}/foreign-services`, { cookie });
  expect(res.status, res.text).toBe(200);
  return res.json.items;
};

async function adopt(kind: string, name: string, appName: string) {
  const res = await call<{ application: { id: string } }>("POST", `/api/v1/clusters/${cluster.clusterId}/adoptions`, {
    cookie,
    body: { kind, name, appName },
  });
  expect(res.status, res.text).toBe(201);
  const id = res.json.application.id;
  // Claimed at once: no longer listed as outside Wharf, even before the deployment labels it.
  expect((await foreign()).map((g) => g.name)).not.toContain(name);
  const deployment = await waitFor(
    `${appName} adopted`,
    async () => {
      const d = (await call<{ items: Deployment[] }>("GET", `/api/v1/applications/${id}/deployments?limit=1`, { cookie })).json.items[0];
      return d && ["SUCCEEDED", "FAILED"].includes(d.status) ? d : undefined;
    },
    120_000,
    500,
  );
  expect(deployment.error).toBeNull();
  expect(deployment.status).toBe("SUCCEEDED");
  return id;
}

const status = async (appId: string) => (await call<Status>("GET", `/api/v1/applications/${appId}/status`, { cookie })).json;

beforeAll(async () => {
  cookie = (await signUp(uniqueEmail("adopt"))).cookie;
  cluster = await startSwarmCluster({
    cookie,
    name: "adoption-it",
    machines: twoMachines("wad", 231),
  });
  await ensureTestImages({ loadInto: cluster.machines.map((m) => m.socketPath) });
  socket = cluster.machines[0]?.socketPath ?? "";
  tmp = mkdtempSync(path.join(os.tmpdir(), "wharf-adopt-"));
  // made by hand, as an operator would have before Wharf: a network, a service, a two-service stack
  docker("network", "create", "--driver", "overlay", "--attachable", "adopt-net");
  docker(
    "service", "create", "--detach", "--no-resolve-image", "--name", "hello", "--replicas", "2",
    "--endpoint-mode", "dnsrr", "--network", "adopt-net", "--publish", "mode=host,target=8080,published=18080",
    "--env", "GREETING=hi $USER", "--label", "team=web", "--container-label", "tier=front",
    "--limit-memory", "64m", "--health-cmd", "true", "--health-interval", "2s",
    TEST_IMAGES.busybox, "sleep", "1d",
  ); // prettier-ignore
  const stackFile = path.join(tmp, "shop.yml");
  writeFileSync(
    stackFile,
    `version: "3.8"\nservices:\n  web:\n    image: ${TEST_IMAGES.busybox}\n    command: ["sleep", "1d"]\n    deploy:\n      endpoint_mode: dnsrr\n  db:\n    image: ${TEST_IMAGES.busybox}\n    command: ["sleep", "1d"]\n    environment:\n      ROLE: primary\n    deploy:\n      endpoint_mode: dnsrr\n`,
  );
  docker("stack", "deploy", "--detach=true", "--resolve-image", "never", "-c", stackFile, "shop");
  docker("service", "create", "--detach", "--no-resolve-image", "--name", "vipsvc", TEST_IMAGES.busybox, "sleep", "1d");
}, 400_000);

afterAll(async () => {
  for (const service of ["hello", "vipsvc", "shop_web", "shop_db"]) {
    try {
      docker("service", "rm", service);
    } catch {
      // already gone with its application, or never made
    }
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await cluster?.stop();
}, 120_000);

describe("adopting services and stacks that run outside Wharf", () => {
  it("lists the stack and the lone services Wharf did not create", async () => {
    await tasksUp("hello", 2);
    const groups = await waitFor("the stack's services listed", async () => {
      const items = await foreign();
      return items.find((g) => g.name === "shop")?.services.length === 2 ? items : undefined;
    });
    expect(groups.map((g) => [g.kind, g.name, g.services.map((s) => s.name)])).toEqual([
      ["stack", "shop", ["shop_db", "shop_web"]],
      ["service", "hello", ["hello"]],
      ["service", "vipsvc", ["vipsvc"]],
    ]);
  });

  it("adopts a service made with docker service create: no task restarted, then scaled through Wharf", async () => {
    const before = await tasksUp("hello", 2);
    const preview = await call<Plan>("POST", `/api/v1/clusters/${cluster.clusterId}/adoptions/preview`, {
      cookie,
      body: { kind: "service", name: "hello", appName: "hello" },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.problems).toEqual([]);
    expect(preview.json.services).toEqual([{ name: "hello", swarmName: "hello", runningTasks: 2, differences: [] }]);
    expect(preview.json.adoptable).toBe(true);
    expect(preview.json.compose).toContain("wharf.adopted: hello");
    expect(preview.json.compose).toContain("GREETING: hi $$USER");

    const appId = await adopt("service", "hello", "hello");
    expect(runningTaskIds("hello")).toEqual(before);
    const labels = JSON.parse(docker("service", "inspect", "--format", "{{json .Spec.Labels}}", "hello")) as Record<string, string>;
    expect(labels).toMatchObject({ team: "web", "wharf.app": "hello" });
    expect((await foreign()).map((g) => g.name)).not.toContain("hello");
    const audit = await call<{ items: Array<{ action: string; targetId: string | null }> }>(
      "GET",
      "/api/v1/audit-logs?action=application.create",
      { cookie },
    );
    expect(audit.json.items.map((row) => row.targetId)).toContain(appId);
    const hello = (await status(appId)).services.find((s) => s.name === "hello");
    expect(hello).toMatchObject({ running: 2, desired: 2 });

    // a fixed host port: one task per node, so this one scales down (the stack's web scales up below)
    const scaled = await call("POST", `/api/v1/applications/${appId}/services/${hello?.id}/scale`, { cookie, body: { replicas: 1 } });
    expect(scaled.status, scaled.text).toBe(201);
    const [kept] = await tasksUp("hello", 1);
    expect(before).toContain(kept);
  });

  it("adopts a stack's two services as one application without restarting them", async () => {
    const before = { web: await tasksUp("shop_web", 1), db: await tasksUp("shop_db", 1) };
    const preview = await call<Plan>("POST", `/api/v1/clusters/${cluster.clusterId}/adoptions/preview`, {
      cookie,
      body: { kind: "stack", name: "shop", appName: "shop" },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.services.map((s) => [s.name, s.swarmName, s.differences])).toEqual([
      ["db", "shop_db", []],
      ["web", "shop_web", []],
    ]);
    const appId = await adopt("stack", "shop", "shop");
    expect({ web: runningTaskIds("shop_web"), db: runningTaskIds("shop_db") }).toEqual(before);
    const services = (await status(appId)).services;
    expect(services.map((s) => [s.name, s.running])).toEqual([
      ["db", 1],
      ["web", 1],
    ]);
    const web = services.find((s) => s.name === "web");
    const scaled = await call("POST", `/api/v1/applications/${appId}/services/${web?.id}/scale`, { cookie, body: { replicas: 3 } });
    expect(scaled.status, scaled.text).toBe(201);
    // scaling added two tasks and restarted none
    expect(await tasksUp("shop_web", 3)).toEqual(expect.arrayContaining(before.web));
    expect(runningTaskIds("shop_db")).toEqual(before.db);
  });

  it("refuses a service it cannot write as it runs, says what differs, and creates nothing", async () => {
    const preview = await call<Plan>("POST", `/api/v1/clusters/${cluster.clusterId}/adoptions/preview`, {
      cookie,
      body: { kind: "service", name: "vipsvc", appName: "vipsvc" },
    });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.adoptable).toBe(false);
    expect(preview.json.services[0]?.differences.map((d) => d.path)).toContain("EndpointSpec.Mode");
    const refused = await call("POST", `/api/v1/clusters/${cluster.clusterId}/adoptions`, {
      cookie,
      body: { kind: "service", name: "vipsvc", appName: "vipsvc" },
    });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.text).toMatch(/would restart its tasks.*vipsvc \(.*EndpointSpec\.Mode/);
    const apps = await call<{ items: Array<{ name: string }> }>("GET", "/api/v1/applications", { cookie });
    expect(apps.json.items.map((a) => a.name).sort()).toEqual(["hello", "shop"]);
    const missing = await call("POST", `/api/v1/clusters/${cluster.clusterId}/adoptions/preview`, {
      cookie,
      body: { kind: "stack", name: "nothing-here", appName: "nothing" },
    });
    expect(missing.status).toBe(404);
  });
});
