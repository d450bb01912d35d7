/**
 * Fail fast and say why, on a real one-node swarm (issue 14):
 *  - an image the registry does not have, an image of another organisation (not pullable with this
 *    one's credentials), a host port another process holds, and a container that exits at once
 *    each fail the deployment within 30 s with Docker's own words, not after the convergence timeout;
 *  - a new version whose tasks cannot run rolls back by itself to the version that ran before;
 *  - a deployment still waiting for its tasks stops at its next step when a newer version is
 *    uploaded, and the newer one completes.
 * The preview warns of the two image cases before anything deploys.
 * The 30 s bounds are behaviour (the fail-fast rules), not speed measurements.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../support/integration/client";
import { deployApplication, type EndedDeployment } from "../../support/integration/deployments";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { orgTestImages } from "../../support/integration/test-registry-images";
import type { PushedImages } from "../../support/registry-images";

type Deployment = EndedDeployment & { id: string; kind: string; steps: Array<{ message: string }> };
type Status = { services: Array<{ name: string; running: number; desired: number; image: string | null }> };

let cookie: string;
let images: PushedImages;
let cluster: SwarmCluster;
let otherOrgImages: PushedImages;
let portHolder: ChildProcess | undefined;
const HELD_PORT = 18_191;

const deploy = (name: string, compose: string) => deployApplication({ cookie, clusterId: cluster.clusterId, name, compose });
const took = (d: EndedDeployment) => Date.parse(d.finishedAt ?? "") - Date.parse(d.startedAt ?? "");
const web = (image: string, extra = "") => `services:\n  web:\n    image: ${image}\n${extra}`;
const EXITS_AT_ONCE = `    command: ["sh", "-c", "echo starting; exit 3"]\n`;
// Healthy only after its first check passes, which comes a minute after start and fails: the task
// stays "starting" (not running) for minutes without failing, so the deployment keeps waiting.
const NEVER_READY = `    healthcheck:\n      test: ["CMD", "false"]\n      interval: 60s\n      timeout: 2s\n      start_period: 120s\n`;

const deploymentsOf = async (appId: string) =>
  (await call<{ items: Deployment[] }>("GET", `/api/v1/applications/${appId}/deployments?limit=50`, { cookie })).json.items.reverse(); // oldest first

async function upload(appId: string, compose: string, message: string) {
  const res = await call("POST", `/api/v1/applications/${appId}/versions`, { cookie, body: { compose, message } });
  expect(res.status, res.text).toBe(201);
}

beforeAll(async () => {
  const owner = await signUp(uniqueEmail("failfast"));
  cookie = owner.cookie;
  images = await orgTestImages(cookie, owner.me.memberships[0]?.organizationSlug ?? "");
  const other = await signUp(uniqueEmail("failfast-other"));
  otherOrgImages = await orgTestImages(other.cookie, other.me.memberships[0]?.organizationSlug ?? "");
  cluster = await startSwarmCluster({ cookie, name: "fail-fast-it", machines: [{ name: "wff1", index: 191 }] });
}, 300_000);

afterAll(async () => {
  portHolder?.kill("SIGKILL");
  await cluster?.stop();
}, 120_000);

describe("the preview", () => {
  it("warns of images the hosted registry does not have, or that this organisation cannot pull, and not of ones it has", async () => {
    const missing = images.busybox.replace(/\/[^/]+$/, "/never-pushed:1");
    const compose = `services:\n  ok:\n    image: ${images.busybox}\n  ghost:\n    image: ${missing}\n  foreign:\n    image: ${otherOrgImages.busybox}\n`;
    const res = await call<{ warnings: Array<{ code: string; path: string; message: string }> }>("POST", "/api/v1/applications/preview", {
      cookie,
      body: { name: "image-check", clusterId: cluster.clusterId, compose },
    });
    expect(res.status, res.text).toBe(200);
    const mine = res.json.warnings.filter((w) => w.code === "image").sort((a, b) => a.path.localeCompare(b.path));
    expect(mine.map((w) => w.path)).toEqual(["services.foreign.image", "services.ghost.image"]);
    expect(mine[0]?.message).toMatch(/another organisation's namespace of the hosted registry; this organisation cannot pull it/);
    expect(mine[1]?.message).toBe(
      `The hosted registry has no ${missing}: push it first (docker push ${missing}), or the tasks will be rejected with "No such image"`,
    );
  });
});

describe("a deployment whose tasks cannot run", () => {
  it("an image the registry does not have fails within 30 s with Docker's reason", async () => {
    const missing = images.busybox.replace(/\/[^/]+$/, "/never-pushed:1");
    const { deployment } = await deploy("missing-image", web(missing));
    expect(deployment.status).toBe("FAILED");
    expect(deployment.error).toContain("never-pushed");
    expect(deployment.error).toMatch(/no such image|not found|manifest unknown/i);
    expect(took(deployment)).toBeLessThan(30_000);
  });

  it("an image of another organisation (not pullable with this one's credentials) fails within 30 s", async () => {
    const { deployment } = await deploy("other-org-image", web(otherOrgImages.busybox));
    expect(deployment.status).toBe("FAILED");
    expect(deployment.error).toContain(otherOrgImages.busybox.split("/").slice(1, 2).join(""));
    expect(deployment.error).toMatch(/no such image|unauthorized|denied|not found/i);
    expect(took(deployment)).toBeLessThan(30_000);
  });

  it("a host port another process on the machine holds fails within 30 s with 'address already in use'", async () => {
    // A listener of the test's own inside the machine's network namespace, as a stray server would be.
    portHolder = spawn(
      "ip",
      ["netns", "exec", "wharf-wff1", process.execPath, "-e", `require("net").createServer().listen(${HELD_PORT}, "0.0.0.0")`],
      { stdio: "ignore" },
    );
    await waitFor(
      "the port held",
      async () => {
        const probe = spawn("ip", [
          "netns",
          "exec",
          "wharf-wff1",
          process.execPath,
          "-e",
          `require("net").connect(${HELD_PORT}, "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))`,
        ]);
        return new Promise<boolean>((resolve) => probe.on("exit", (code) => resolve(code === 0)));
      },
      10_000,
      200,
    );
    const ports = `    ports:\n      - target: 80\n        published: ${HELD_PORT}\n        mode: host\n`;
    const { deployment } = await deploy("port-held", web(images.busybox, ports));
    portHolder.kill("SIGKILL");
    expect(deployment.status).toBe("FAILED");
    expect(deployment.error).toMatch(/web cannot start its tasks .*(address already in use|port is already allocated)/);
    expect(took(deployment)).toBeLessThan(30_000);
  });

  it("a container that exits at once fails within 30 s with its exit code", async () => {
    const { deployment } = await deploy("exits", web(images.busybox, EXITS_AT_ONCE));
    expect(deployment.status).toBe("FAILED");
    expect(deployment.error).toMatch(/web cannot start its tasks \(failed: .*non-zero exit \(3\)/);
    expect(took(deployment)).toBeLessThan(30_000);
  });

  it("a new version that cannot run rolls back by itself to the version that ran before", async () => {
    const { id, deployment: first } = await deploy("rollsback", web(images.busybox));
    expect(first.status).toBe("SUCCEEDED");
    await upload(id, web(images.busybox, EXITS_AT_ONCE), "exits at once");
    const [, failed, rollback] = await waitFor(
      "the failure and the automatic rollback",
      async () => {
        const ds = await deploymentsOf(id);
        return ds.length === 3 && ds[2]?.status === "SUCCEEDED" ? ds : undefined;
      },
      120_000,
      500,
    );
    expect(failed).toMatchObject({ kind: "DEPLOY", status: "FAILED", error: expect.stringMatching(/non-zero exit \(3\)/) });
    expect(failed?.steps.map((s) => s.message)).toContain("Rolling back to version 1, the last one that ran");
    expect(rollback).toMatchObject({ kind: "ROLLBACK", status: "SUCCEEDED" });
    const app = (
      await call<{ currentVersion: number; deployedVersion: number; status: string }>("GET", `/api/v1/applications/${id}`, { cookie })
    ).json;
    expect(app).toMatchObject({ currentVersion: 1, deployedVersion: 1, status: "RUNNING" });
    const status = (await call<Status>("GET", `/api/v1/applications/${id}/status`, { cookie })).json;
    expect(status.services.find((s) => s.name === "web")).toMatchObject({ running: 1, desired: 1 });
  }, 180_000);
});

describe("a newer version while one is running", () => {
  it("stops the running deployment at its next step; the newer one completes", async () => {
    const { id, deployment: first } = await deploy("superseded", web(images.busybox));
    expect(first.status).toBe("SUCCEEDED");
    await upload(id, web(images.busybox, NEVER_READY), "never ready");
    await waitFor(
      "the second deployment waiting for its tasks",
      async () => {
        const d = (await deploymentsOf(id))[1];
        return d?.status === "RUNNING" && d.steps.some((s) => s.message === "Waiting for every task to run");
      },
      60_000,
      250,
    );
    const uploadedAt = Date.now();
    await upload(id, web(images.busybox), "back to a plain web");
    const ended = await waitFor(
      "both deployments ended",
      async () => {
        const ds = await deploymentsOf(id);
        return ds.length === 3 && ds.slice(1).every((d) => !["QUEUED", "RUNNING"].includes(d.status)) ? ds : undefined;
      },
      120_000,
      250,
    );
    // Well before the never-ready version's first health check (60 s) could end it another way.
    expect(Date.now() - uploadedAt).toBeLessThan(50_000);
    expect(ended[1]).toMatchObject({ kind: "DEPLOY", status: "SUPERSEDED", error: null });
    expect(ended[1]?.startedAt).not.toBeNull();
    expect(ended[1]?.steps.at(-1)?.message).toBe("Stopped: superseded by a newer deploy queued while it ran");
    expect(ended[2]).toMatchObject({ kind: "DEPLOY", status: "SUCCEEDED", error: null });
    const status = (await call<Status>("GET", `/api/v1/applications/${id}/status`, { cookie })).json;
    expect(status.services.find((s) => s.name === "web")).toMatchObject({ running: 1, desired: 1 });
  }, 180_000);
});
