/**
 * Applications on a real 2-node swarm (engines in network namespaces, real agents, gateway and
 * worker): deploy a 2-service app from a compose file, reach it over HTTP, scale 2→4→1, roll the
 * image forward, roll back to version 1, repair drift, then delete it and find nothing left.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerClient } from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, TEST_REGISTRY, twoMachines, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { pushAs } from "../../support/registry-images";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import type { PushedImages } from "../../support/registry-images";

const compose = (image: string) => `version: "3.8"
services:
  web:
    image: ${image}
    ports:
      - "3000"
    deploy:
      replicas: 2
      update_config:
        parallelism: 1
        delay: 1s
        order: start-first
    depends_on: [cache]
    secrets: [token]
  cache:
    image: ${images.busybox}
    volumes:
      - data:/data
volumes:
  data: {}
secrets:
  token:
    environment: APP_TOKEN
`;

type Status = {
  services: Array<{
    id: string;
    name: string;
    running: number;
    desired: number;
    image: string | null;
    tasks: Array<{
      state: string;
      nodeId: string | null;
      node: string | null;
      ports: Array<{ published: number; target: number }>;
      image: string;
    }>;
  }>;
};
type Deployment = {
  id: string;
  status: string;
  error: string | null;
  kind: string;
  startedAt: string | null;
  steps: Array<{ message: string }>;
};

let cookie: string;
let images: PushedImages & { apiToken: string };
let cluster: SwarmCluster;
let appId: string;
const SECRET = "app-token-value-7f3a9c";

async function deployments() {
  return (await call<{ items: Deployment[] }>("GET", `/api/v1/applications/${appId}/deployments?limit=50`, { cookie })).json.items;
}

async function settled(kind: string) {
  const done = await waitFor(
    `${kind} to finish`,
    async () => {
      const d = (await deployments()).find((x) => x.kind === kind);
      return d && (d.status === "SUCCEEDED" || d.status === "FAILED") ? d : undefined;
    },
    240_000,
    500,
  );
  expect(done.error, `deployment ${kind}`).toBeNull();
  expect(done.status).toBe("SUCCEEDED");
}

async function status() {
  return (await call<Status>("GET", `/api/v1/applications/${appId}/status`, { cookie })).json;
}

const service = async (name: string) => (await status()).services.find((s) => s.name === name);

/** GET the web service on a node that runs one of its tasks, from the host and on the node's own loopback. */
async function httpWeb(): Promise<string[]> {
  const web = await service("web");
  const task = web?.tasks.find((t) => t.state === "running" && t.ports.length > 0);
  const machine = cluster.machines.find((m) => m.name === task?.node);
  if (!task || !machine) throw new Error("no running web task with a published port");
  const port = task.ports[0]?.published;
  // "running" means the container started, not that the process inside listens yet (the
  // template has no healthcheck): give it a few seconds to open its port.
  const fromHost = await waitFor(
    "the web task listening",
    async () => {
      try {
        return await (await fetch(`http://${machine.address}:${port}/`)).text();
      } catch {
        return undefined;
      }
    },
    15_000,
    250,
  );
  // The same port on the machine's own loopback, from inside its network namespace.
  const onLoopback = execFileSync("nsenter", [`--net=/run/netns/wharf-${machine.name}`, "curl", "-s", `http://127.0.0.1:${port}/`], {
    encoding: "utf8",
  });
  return [fromHost.trim(), onLoopback.trim()];
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("apps"));
  cookie = owner.cookie;
  images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({
    cookie,
    name: "apps-it",
    machines: twoMachines("wap", 61),
  });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

describe("an application on a 2-node swarm", () => {
  it("deploys both services from the compose file; all replicas run and the web answers over HTTP", async () => {
    const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
      cookie,
      body: { name: "shop", clusterId: cluster.clusterId, compose: compose(images.nodeAppV1), env: { APP_TOKEN: SECRET } },
    });
    expect(created.status, created.text).toBe(201);
    appId = created.json.application.id;
    await settled("DEPLOY");
    const web = await service("web");
    const cache = await service("cache");
    expect(web).toMatchObject({ running: 2, desired: 2 });
    expect(cache).toMatchObject({ running: 1, desired: 1 });
    const answers = await httpWeb();
    for (const a of answers) expect(a).toMatch(/^v1 /);
  });

  it("scales 2 → 4 → 1", async () => {
    const webId = (await service("web"))?.id;
    for (const replicas of [4, 1]) {
      const res = await call("POST", `/api/v1/applications/${appId}/services/${webId}/scale`, { cookie, body: { replicas } });
      expect(res.status, res.text).toBe(201);
      await waitFor(
        `${replicas} web replicas running`,
        async () => {
          const web = await service("web");
          return web?.running === replicas && web.desired === replicas;
        },
        120_000,
        500,
      );
    }
    await settled("SCALE");
  });

  it("a new image tag rolls out as a new version; rolling back brings version 1 back", async () => {
    const v2 = await call("POST", `/api/v1/applications/${appId}/versions`, {
      cookie,
      body: { compose: compose(images.nodeAppV2), message: "node-app 2" },
    });
    expect(v2.status, v2.text).toBe(201);
    await waitFor(
      "v2 deployed",
      async () => (await deployments()).filter((d) => d.kind === "DEPLOY" && d.status === "SUCCEEDED").length === 2,
      240_000,
      500,
    );
    const web = await service("web");
    expect(web?.image).toContain(images.nodeAppV2);
    expect(web?.running).toBe(1); // the scaled replica count survives a new version
    for (const a of await httpWeb()) expect(a).toMatch(/^v2 /);

    const versions = await call<{ items: Array<{ id: string; version: number }> }>("GET", `/api/v1/applications/${appId}/versions`, {
      cookie,
    });
    const v1 = versions.json.items.find((v) => v.version === 1);
    const diff = await call<{ patch: string }>(
      "GET",
      `/api/v1/applications/${appId}/diff?from=${v1?.id}&to=${versions.json.items[0]?.id}`,
      { cookie },
    );
    expect(diff.json.patch).toContain(`-    image: ${images.nodeAppV1}`);
    expect(diff.json.patch).toContain(`+    image: ${images.nodeAppV2}`);
    const rb = await call("POST", `/api/v1/applications/${appId}/rollback`, { cookie, body: { versionId: v1?.id } });
    expect(rb.status, rb.text).toBe(201);
    await settled("ROLLBACK");
    expect((await service("web"))?.image).toContain(images.nodeAppV1);
    for (const a of await httpWeb()) expect(a).toMatch(/^v1 /);
  });

  it("versions uploaded in quick succession: one a newer one makes pointless never runs, or stops at its next step; the newest completes", async () => {
    const before = new Set((await deployments()).map((d) => d.id));
    // Three versions at once: each older one is superseded by the last, before it starts (never
    // runs) or at its next step if a worker picked it up between two uploads.
    // The newest is version 1's image again: the tests after this one expect it serving.
    for (const [image, message] of [
      [images.nodeAppV2, "a"],
      [images.nodeAppV2, "b"],
      [images.nodeAppV1, "c"],
    ] as const) {
      const res = await call("POST", `/api/v1/applications/${appId}/versions`, { cookie, body: { compose: compose(image), message } });
      expect(res.status, res.text).toBe(201);
    }
    const mine = async () => (await deployments()).filter((d) => !before.has(d.id)).reverse(); // oldest first
    const ended = await waitFor(
      "the three deployments ended",
      async () => {
        const ds = await mine();
        return ds.length === 3 && ds.every((d) => !["QUEUED", "RUNNING"].includes(d.status)) ? ds : undefined;
      },
      240_000,
      500,
    );
    expect(ended.map((d) => d.kind)).toEqual(["DEPLOY", "DEPLOY", "DEPLOY"]);
    expect(ended[1]).toMatchObject({ status: "SUPERSEDED", error: null });
    expect(ended[2]).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(["SUCCEEDED", "SUPERSEDED"]).toContain(ended[0]?.status);
    for (const d of ended.slice(0, 2).filter((x) => x.status === "SUPERSEDED")) {
      const last = d.steps.at(-1)?.message ?? "";
      // Stopped where it was, or never started.
      expect(last, JSON.stringify(d.steps)).toMatch(
        d.startedAt
          ? /^Stopped: superseded by a newer deploy queued while it ran$/
          : /^Superseded by a newer deploy queued after it; it did not run$/,
      );
    }
    expect((await service("web"))?.image).toContain(images.nodeAppV1);
    for (const a of await httpWeb()) expect(a).toMatch(/^v1 /);
  });

  it("a service deleted by hand on the cluster is recreated, and the drift is recorded", async () => {
    const manager = dockerClient(cluster.machines[0]?.socketPath);
    const before = (await manager.getService("shop_web").inspect()) as { ID: string };
    await manager.getService("shop_web").remove();
    // The reconciler (every 15 s) notices, recreates the service and records the drift.
    await waitFor(
      "the drift event",
      async () => {
        const events = await call<{ items: Array<{ type: string; message: string }> }>(
          "GET",
          `/api/v1/applications/${appId}/events?limit=100`,
          { cookie },
        );
        return events.json.items.some((e) => e.type === "drift.fixed" && e.message.includes("shop_web"));
      },
      90_000,
      1000,
    );
    const after = (await manager.getService("shop_web").inspect()) as { ID: string };
    expect(after.ID).not.toBe(before.ID);
    await waitFor("web running again", async () => (await service("web"))?.running === 1, 60_000, 1000);
    for (const a of await httpWeb()) expect(a).toMatch(/^v1 /);
  });

  it("a service changed by hand so its tasks cannot run shows the application degraded with what differs, until it is put right", async () => {
    type App = { status: string; drift: { differences: Array<{ service: string; problem: string }>; repaired: unknown[] } | null };
    const app = async () => (await call<App>("GET", `/api/v1/applications/${appId}`, { cookie })).json;
    const socket = cluster.machines[0]?.socketPath ?? "";
    const constraint = "node.labels.wharf-test-nowhere==yes";
    // A placement change the reconciler does not put back (it restores replicas and images).
    execFileSync("docker", ["-H", `unix://${socket}`, "service", "update", "--detach", "--constraint-add", constraint, "shop_web"]);
    const degraded = await waitFor(
      "the application degraded",
      async () => {
        const a = await app();
        // the scheduler's reason may come a pass after the task appeared
        return a.status === "DEGRADED" && a.drift?.differences.some((d) => /Docker says|is being updated/.test(d.problem)) ? a : undefined;
      },
      90_000,
      1000,
    );
    expect(degraded.drift?.differences).toEqual([
      { service: "web", problem: expect.stringMatching(/^runs 0 of 1 tasks; Docker says pending: no suitable node|^is being updated/) },
    ]);
    execFileSync("docker", ["-H", `unix://${socket}`, "service", "update", "--detach", "--constraint-rm", constraint, "shop_web"]);
    await waitFor(
      "the application running again, with nothing differing",
      async () => {
        const a = await app();
        return a.status === "RUNNING" && a.drift === null;
      },
      90_000,
      1000,
    );
  });

  it("pushing new content to an opted-in service's tag redeploys it, visible in the events", async () => {
    const web = await service("web");
    const opt = await call("PATCH", `/api/v1/applications/${appId}/services/${web?.id}`, { cookie, body: { latestImage: true } });
    expect(opt.status, opt.text).toBe(200);
    // node-app:2's content under the tag the service runs (…/node-app:1).
    await pushAs({
      apiToken: images.apiToken,
      pushHost: TEST_REGISTRY.push,
      local: "wharf-test/node-app:2",
      target: images.nodeAppV1.slice(images.nodeAppV1.indexOf("/") + 1),
    });
    await waitFor(
      "the push event",
      async () => {
        const events = await call<{ items: Array<{ type: string }> }>("GET", `/api/v1/applications/${appId}/events?limit=100`, { cookie });
        return events.json.items.some((e) => e.type === "image.pushed");
      },
      60_000,
      500,
    );
    await settled("REDEPLOY");
    await waitFor("the new content serving", async () => (await httpWeb()).every((a) => a.startsWith("v2 ")), 60_000, 1000);
    expect((await service("web"))?.image).toMatch(/node-app:1@sha256:/);
  });

  it("never exposes the secret's value", async () => {
    const texts = [
      (await call("GET", `/api/v1/applications/${appId}`, { cookie })).text,
      JSON.stringify(
        (
          await testDb().query(`select payload, result from "Command" where "orgId" = (select "orgId" from "Application" where id = $1)`, [
            appId,
          ])
        ).rows,
      ),
      JSON.stringify((await testDb().query(`select details from "AuditLog" where "targetId" = $1`, [appId])).rows),
    ];
    for (const text of texts) expect(text).not.toContain(SECRET);
    expect(texts[0]).toContain("APP_TOKEN");
  });

  it("delete removes every service, network, secret and volume it created", async () => {
    const res = await call("DELETE", `/api/v1/applications/${appId}`, { cookie });
    expect(res.status, res.text).toBe(200);
    await settled("DELETE");
    const steps = (
      await call<{ items: Array<{ kind: string; steps: Array<{ at: string; message: string }> }> }>(
        "GET",
        `/api/v1/applications/${appId}/deployments?limit=50`,
        { cookie },
      )
    ).json.items.find((d) => d.kind === "DELETE")?.steps;
    process.stdout.write(`delete steps:\n${steps?.map((s) => `  ${s.at} ${s.message}`).join("\n")}\n`);
    const filters = JSON.stringify({ label: ["wharf.app=shop"] });
    for (const m of cluster.machines) {
      const docker = dockerClient(m.socketPath);
      const volumes = (await docker.listVolumes({ filters })) as { Volumes: unknown[] | null };
      expect(volumes.Volumes ?? []).toHaveLength(0);
      expect(await docker.listContainers({ all: true, filters })).toHaveLength(0);
    }
    const manager = dockerClient(cluster.machines[0]?.socketPath);
    expect(await manager.listServices({ filters })).toHaveLength(0);
    expect(await manager.listNetworks({ filters })).toHaveLength(0);
    expect(await manager.listSecrets({ filters })).toHaveLength(0);
    expect((await call("GET", `/api/v1/applications/${appId}`, { cookie })).status).toBe(404);
  });
});
