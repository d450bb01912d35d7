/**
 * Scheduling on a real 2-node swarm: binpack keeps replicas together, spread spreads them, a GPU
 * request lands only on the node with (fake, generic-resource) GPUs, and one that no node can
 * satisfy is refused before anything is created. The preview warns of what the cluster cannot run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { call } from "../../support/integration/client";
import { nodeIdNamed } from "../../support/integration/cluster-nodes";
import { deployApplication } from "../../support/integration/deployments";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import type { PushedImages } from "../../support/registry-images";
import { dockerClient } from "../../support/runtime/docker-env";

type Status = { services: Array<{ name: string; running: number; tasks: Array<{ state: string; node: string | null }> }> };

let cookie: string;
let images: PushedImages;
let cluster: SwarmCluster;

const deploy = (name: string, compose: string) => deployApplication({ cookie, clusterId: cluster.clusterId, name, compose });

async function nodesOf(id: string, service: string) {
  const status = (await call<Status>("GET", `/api/v1/applications/${id}/status`, { cookie })).json;
  return (
    status.services
      .find((s) => s.name === service)
      ?.tasks.filter((t) => t.state === "running")
      .map((t) => t.node) ?? []
  );
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("sched"));
  cookie = owner.cookie;
  images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({
    cookie,
    name: "sched-it",
    machines: [
      { name: "wsc1", index: 71 },
      { name: "wsc2", index: 72, gpus: 2 },
    ],
  });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
}, 120_000);

describe("a worker in the swarm", () => {
  it("shows no error once it joined: its engine names no swarm, but it is the swarm node Wharf recorded", async () => {
    const workerId = await nodeIdNamed(cookie, cluster.clusterId, "wsc2");
    // A label change makes the cluster reconcile again; the reconcile after the join is what said otherwise.
    const since = new Date();
    expect((await call("PATCH", `/api/v1/nodes/${workerId}`, { cookie, body: { labels: { "wharf-test.member": "yes" } } })).status).toBe(
      200,
    );
    await waitFor(
      "a reconcile after the label change",
      () =>
        prisma.jobRun.findFirst({
          where: { jobId: { startsWith: `cluster-reconcile-${cluster.clusterId}` }, startedAt: { gt: since }, finishedAt: { not: null } },
          select: { id: true },
        }),
      90_000,
    );
    const page = await call<{ lastError: string | null; swarmNodeId: string | null }>("GET", `/api/v1/nodes/${workerId}`, { cookie });
    expect(page.json.swarmNodeId).toBeTruthy();
    expect(page.json.lastError).toBeNull();
  });
});

describe("scheduling policy", () => {
  it("binpack puts the replicas on one node; spread puts them on both", async () => {
    const packed = await deploy(
      "packed",
      `services:\n  web:\n    image: ${images.busybox}\n    labels:\n      wharf.scheduling.strategy: binpack\n    deploy:\n      replicas: 3\n      resources:\n        reservations:\n          cpus: "0.1"\n          memory: 16M\n`,
    );
    expect(packed.deployment.error).toBeNull();
    const packedNodes = await nodesOf(packed.id, "web");
    expect(packedNodes).toHaveLength(3);
    expect(new Set(packedNodes).size).toBe(1);

    const spread = await deploy("spread", `services:\n  web:\n    image: ${images.busybox}\n    deploy:\n      replicas: 2\n`);
    expect(spread.deployment.error).toBeNull();
    const spreadNodes = await nodesOf(spread.id, "web");
    expect(new Set(spreadNodes)).toEqual(new Set(["wsc1", "wsc2"]));
  });

  it("a GPU request runs only on the node that has GPUs", async () => {
    const gpu = await deploy(
      "gpu-one",
      `services:\n  train:\n    image: ${images.busybox}\n    labels:\n      aliyun.gpu: "1"\n    deploy:\n      replicas: 2\n`,
    );
    expect(gpu.deployment.error).toBeNull();
    expect(await nodesOf(gpu.id, "train")).toEqual(["wsc2", "wsc2"]);
  });

  it("a service no node can take fails within 30 s with Docker's reason, not after the convergence timeout", async () => {
    const nowhere = await deploy(
      "nowhere",
      `services:\n  web:\n    image: ${images.busybox}\n    deploy:\n      placement:\n        constraints: ["node.labels.wharf-test-nowhere == yes"]\n`,
    );
    expect(nowhere.deployment.status).toBe("FAILED");
    expect(nowhere.deployment.error).toMatch(
      /web cannot start its tasks \(pending: no suitable node \(scheduling constraints not satisfied on 2 nodes\)\)/,
    );
    // A bound on behaviour (the 20 s grace, not the 5-minute timeout), not a speed measurement.
    const took = Date.parse(nowhere.deployment.finishedAt ?? "") - Date.parse(nowhere.deployment.startedAt ?? "");
    expect(took).toBeLessThan(30_000);
  });

  it("the preview warns of what this cluster cannot run: constraints no node matches, too many GPUs, volume drivers no node has, more replicas than nodes on a host port", async () => {
    const compose = `services:
  web:
    image: ${images.busybox}
    ports: ["18080:80"]
    deploy:
      replicas: 3
  pinned:
    image: ${images.busybox}
    deploy:
      placement:
        constraints: ["node.labels.wharf-test-nowhere == yes"]
  train:
    image: ${images.busybox}
    labels:
      wharf.gpu: "3"
  fits:
    image: ${images.busybox}
    labels:
      wharf.gpu: "2"
  store:
    image: ${images.busybox}
    volumes: ["blobs:/data", "cache:/cache"]
volumes:
  blobs:
    driver: wharf-test-nodriver
  cache: {}
`;
    const res = await call<{ warnings: Array<{ code: string; path: string; message: string }> }>("POST", "/api/v1/applications/preview", {
      cookie,
      body: { name: "fit-check", clusterId: cluster.clusterId, compose },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.warnings.filter((w) => w.code === "cluster").sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      {
        severity: "warning",
        code: "cluster",
        path: "services.pinned.deploy.placement.constraints",
        message:
          "No ready node of the cluster matches pinned's constraints (node.labels.wharf-test-nowhere == yes): its tasks would wait as pending and the deployment fail",
      },
      {
        severity: "warning",
        code: "cluster",
        path: "services.store.volumes",
        message:
          'store mounts a volume of driver "wharf-test-nodriver", which no eligible node has: Swarm would leave its tasks pending ("missing plugin"). Install the plugin on the nodes first',
      },
      {
        severity: "warning",
        code: "cluster",
        path: "services.train.deploy.resources.reservations",
        message: "train reserves 3 GPUs; no eligible node has that many (the most is 2)",
      },
      {
        severity: "warning",
        code: "cluster",
        path: "services.web.ports",
        message: "web publishes host port 18080/tcp, so one task per node: at most 2 of its 3 replicas can run on the 2 eligible nodes",
      },
    ]);
  });

  it("a GPU request no node can satisfy is refused, and nothing is created", async () => {
    const tooMany = await deploy("gpu-three", `services:\n  train:\n    image: ${images.busybox}\n    labels:\n      wharf.gpu: "3"\n`);
    expect(tooMany.deployment.status).toBe("FAILED");
    expect(tooMany.deployment.error).toMatch(/needs 3 GPUs; no connected node/);
    const status = (await call<{ services: Array<{ exists: boolean }> }>("GET", `/api/v1/applications/${tooMany.id}/status`, { cookie }))
      .json;
    expect(status.services.every((s) => !s.exists)).toBe(true);
  });
});

/**
 * Affinity on the same two nodes: the affinity labels (wharf.image.*, wharf.svc.*) follow the
 * agents' inventories and task reports, hard rules constrain on them and soft ones guide the nodes
 * Wharf pins.
 */
describe("affinity", () => {
  // A repository only wsc2's engine holds: the test image tagged there under another name.
  const ONLY_ON_WSC2 = "wharf-test/affinity-only-on-wsc2";

  const swarmLabelsOf = async (hostname: string) =>
    ((await prisma.node.findFirst({ where: { clusterId: cluster.clusterId, hostname }, select: { swarmLabels: true } }))?.swarmLabels ??
      {}) as Record<string, string>;

  const stepsOf = async (applicationId: string) =>
    JSON.stringify(
      (await prisma.deployment.findFirst({ where: { applicationId }, orderBy: { createdAt: "desc" }, select: { steps: true } }))?.steps ??
        [],
    );

  beforeAll(async () => {
    const wsc2 = cluster.machines.find((m) => m.name === "wsc2");
    if (!wsc2) throw new Error("no machine wsc2");
    // wsc2's engine holds the test image once a task of it ran there (nodes pull from the hosted
    // registry; nothing is pulled by hand): a service pinned to wsc2 makes sure of that.
    const seed = await deploy(
      "seed-wsc2",
      `services:\n  seed:\n    image: ${images.busybox}\n    environment:\n      - "constraint:node==wsc2"\n`,
    );
    expect(seed.deployment.error).toBeNull();
    await dockerClient(wsc2.socketPath).getImage(images.busybox).tag({ repo: ONLY_ON_WSC2, tag: "1" });
  }, 120_000);

  it("affinity:service!= keeps a service off the node running the other one", async () => {
    const db = await deploy("apart-db", `services:\n  db:\n    image: ${images.busybox}\n`);
    expect(db.deployment.error).toBeNull();
    const [dbNode] = await nodesOf(db.id, "db");
    expect(dbNode).toMatch(/^wsc[12]$/);
    const other = dbNode === "wsc1" ? "wsc2" : "wsc1";
    // Two replicas, which Swarm would otherwise spread over both nodes. Before applying web, the
    // deployment labels db's node from its agent's task report.
    const web = await deploy(
      "apart-web",
      `services:\n  web:\n    image: ${images.busybox}\n    environment:\n      - "affinity:service!=apart-db_db"\n    deploy:\n      replicas: 2\n`,
    );
    expect(web.deployment.error).toBeNull();
    expect(await swarmLabelsOf(dbNode ?? "")).toMatchObject({ "wharf.svc.apart-db.db": "true" });
    expect(await swarmLabelsOf(other)).not.toHaveProperty("wharf.svc.apart-db.db");
    expect(await nodesOf(web.id, "web")).toEqual([other, other]);
  });

  it("hard image affinity places on the node holding the image; a soft one no node meets falls back", async () => {
    // The agent reports its engine's image repositories with its inventory (re-checked every 30 s).
    await waitFor(
      "wsc2's inventory to list the tagged repository",
      async () => {
        const row = await prisma.node.findFirst({ where: { clusterId: cluster.clusterId, hostname: "wsc2" }, select: { inventory: true } });
        return ((row?.inventory as { images?: string[] } | null)?.images ?? []).includes(ONLY_ON_WSC2) || undefined;
      },
      60_000,
      500,
    );
    const compose = `services:
  near:
    image: ${images.busybox}
    environment:
      - "affinity:image==${ONLY_ON_WSC2}"
    deploy:
      replicas: 2
  loose:
    image: ${images.busybox}
    environment:
      - "affinity:image==~wharf-test/affinity-nowhere"
`;
    const app = await deploy("img-affinity", compose);
    expect(app.deployment.error).toBeNull();
    // Set during the deployment, before the services were applied.
    expect(await swarmLabelsOf("wsc2")).toMatchObject({ "wharf.image.wharf-test.affinity-only-on-wsc2": "true" });
    expect(await swarmLabelsOf("wsc1")).not.toHaveProperty("wharf.image.wharf-test.affinity-only-on-wsc2");
    expect(await nodesOf(app.id, "near")).toEqual(["wsc2", "wsc2"]);
    expect(await nodesOf(app.id, "loose")).toHaveLength(1);
    expect(await stepsOf(app.id)).toContain("affinity:image==~wharf-test/affinity-nowhere met by no node that fits: placed without it");
  });
});
