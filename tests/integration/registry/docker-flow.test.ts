/**
 * The hosted registry end to end with the real docker CLI and engines: `docker login` with an API
 * token and with a password, push a locally built image, list it through the API, pull it on
 * another machine (an engine in a network namespace) with the credentials registryAuthFor hands
 * to agents, delete the tag, run garbage collection as a worker job and see the bytes leave disk.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registryAuthFor } from "@/lib/domain/registry/registry-auth-for";
import { registrySettings } from "@/lib/drivers/registry/settings";
import {
  dockerClient,
  ensureDockerEngine,
  ensureNetnsNode,
  ensureRuntimeBridge,
  ensureTestImages,
  removeNetnsNode,
  type NetnsNode,
} from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { operatorSession } from "../../support/integration/operator";
import { startWorker, stopProcess, waitFor, type Proc } from "../../support/integration/processes";
import { createTenant, PASSWORD, type Tenant } from "../../support/integration/tenants";
import { DockerCli } from "./support/docker-cli";
import { BRIDGE_REGISTRY_HOST, REGISTRY_HOST, waitForPushRecorded } from "../../support/registry/registry-http";

const PAYLOAD_BYTES = 3 * 1024 * 1024;
const du = () => Number(execFileSync("du", ["-sb", registrySettings().dataDir], { encoding: "utf8" }).split("\t")[0]);

let t: Tenant;
let docker: DockerCli;
let node: NetnsNode | undefined;
let worker: Proc | undefined;
let repo: string;

beforeAll(async () => {
  await ensureDockerEngine();
  await ensureTestImages();
  await ensureRuntimeBridge(); // the token realm lives on the bridge address
  t = await createTenant("regflow");
  repo = `${t.slug}/app`;
  docker = new DockerCli();
});

afterAll(async () => {
  if (worker) await stopProcess(worker);
  docker?.cleanup();
  if (node) {
    await removeNetnsNode(node.name, { purge: true }).catch(() => undefined);
    await ensureRuntimeBridge(); // other tests still need the realm on 10.77.0.1
  }
});

describe("hosted registry with the docker CLI", () => {
  let digestV1 = "";

  it("logs in with an API token and pushes a locally built image", async () => {
    const login = await docker.login(REGISTRY_HOST, "token", t.tokens.DEVELOPER.secret);
    expect(login.stdout + login.stderr).toContain("Login Succeeded");
    const built = await docker.buildUnique(`${REGISTRY_HOST}/${repo}:v1`, "wharf-test/busybox:1", PAYLOAD_BYTES);
    expect(built.code, built.stderr).toBe(0);
    const push = await docker.run(["push", `${REGISTRY_HOST}/${repo}:v1`]);
    expect(push.code, push.stderr).toBe(0);
    digestV1 = /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1] ?? "";
    expect(digestV1).toMatch(/^sha256:/);
    expect((await docker.run(["tag", "wharf-test/busybox:1", `${REGISTRY_HOST}/${repo}:base`])).code).toBe(0);
    expect((await docker.run(["push", `${REGISTRY_HOST}/${repo}:base`])).code).toBe(0);
    await waitForPushRecorded(repo, "v1");
    await waitForPushRecorded(repo, "base");
  });

  it("records the push in the audit log with the token as actor", async () => {
    const audit = await testDb().query(
      `select "actorType", "actorLabel", details from "AuditLog" where "orgId" = $1 and action = 'registry.push' order by "createdAt"`,
      [t.orgId],
    );
    expect(audit.rows[0]).toMatchObject({
      actorType: "API_TOKEN",
      actorLabel: "token:regflow-DEVELOPER",
      details: { repository: repo, tag: "v1", digest: digestV1 },
    });
  });

  it("logs in with the account's e-mail and password too", async () => {
    const other = new DockerCli();
    try {
      expect((await other.login(REGISTRY_HOST, t.people.VIEWER.email, PASSWORD)).stdout).toContain("Login Succeeded");
      const wrong = await other.login(REGISTRY_HOST, t.people.VIEWER.email, "not-the-password");
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/unauthorized/i);
    } finally {
      other.cleanup();
    }
  });

  it("a viewer's API token pulls but cannot push", async () => {
    const viewer = new DockerCli();
    try {
      expect((await viewer.login(REGISTRY_HOST, "token", t.tokens.VIEWER.secret)).stdout).toContain("Login Succeeded");
      const pull = await viewer.run(["pull", `${REGISTRY_HOST}/${repo}:base`]);
      expect(pull.code, pull.stderr).toBe(0);
      await viewer.run(["tag", "wharf-test/busybox:1", `${REGISTRY_HOST}/${repo}:viewer`]);
      const push = await viewer.run(["push", `${REGISTRY_HOST}/${repo}:viewer`]);
      expect(push.code).not.toBe(0);
      expect(push.stderr).toMatch(/denied|unauthorized/i);
    } finally {
      viewer.cleanup();
    }
  });

  it("lists the repository and its tags through the API", async () => {
    const list = await call<{ items: Array<{ id: string; path: string; tagCount: number; image: string }> }>(
      "GET",
      "/api/v1/registry/repositories",
      { token: t.tokens.VIEWER.secret },
    );
    expect(list.status, list.text).toBe(200);
    const item = list.json.items.find((r) => r.path === repo);
    expect(item).toMatchObject({ tagCount: 2, image: `${registrySettings().publicHost}/${repo}` });
    const tags = await call<{
      items: Array<{ name: string; digest: string; sizeBytes: number; platforms: string[]; createdAt: string; pullCommand: string }>;
    }>("GET", `/api/v1/registry/repositories/${t.registry.repositoryId}/tags`, { token: t.tokens.VIEWER.secret });
    expect(tags.status, tags.text).toBe(200);
    const v1 = tags.json.items.find((x) => x.name === "v1");
    expect(v1).toMatchObject({
      digest: digestV1,
      platforms: ["linux/amd64"],
      pullCommand: `docker pull ${registrySettings().publicHost}/${repo}:v1`,
    });
    expect(v1?.sizeBytes).toBeGreaterThan(PAYLOAD_BYTES);
    expect(Date.parse(v1?.createdAt ?? "")).toBeGreaterThan(0);
  });

  it("pulls on another machine with the credentials registryAuthFor gives agents", async () => {
    node = await ensureNetnsNode("reg1", 51, { extraDockerdArgs: `--insecure-registry ${BRIDGE_REGISTRY_HOST}` });
    const image = `${BRIDGE_REGISTRY_HOST}/${repo}:v1`;
    const engine = dockerClient(node.socketPath);
    const pull = async (authconfig?: object) => {
      const stream = await engine.pull(image, authconfig ? { authconfig } : {});
      await new Promise<void>((resolve, reject) =>
        engine.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
      );
    };
    await expect(pull()).rejects.toThrow(/unauthorized|authentication required|denied/i);
    const auth = await registryAuthFor({ orgId: t.orgId, image });
    expect(auth).toMatchObject({ username: "wharf-pull", serveraddress: BRIDGE_REGISTRY_HOST });
    await pull(auth ?? undefined);
    const inspected = await engine.getImage(image).inspect();
    expect(inspected.RepoDigests).toContain(`${BRIDGE_REGISTRY_HOST}/${repo}@${digestV1}`);
    // The credential is for this repository only, and pull only.
    expect(await registryAuthFor({ orgId: t.orgId, image: `${BRIDGE_REGISTRY_HOST}/someone-else/app:v1` })).toBeNull();
  });

  it("deletes the tag and garbage collection frees its bytes", async () => {
    const del = await call<{ deleted: string[]; digest: string }>(
      "DELETE",
      `/api/v1/registry/repositories/${t.registry.repositoryId}/tags/v1`,
      { cookie: t.people.ADMIN.cookie },
    );
    expect(del.status, del.text).toBe(200);
    expect(del.json).toEqual({ deleted: ["v1"], digest: digestV1 });
    const tags = await call<{ items: Array<{ name: string }> }>("GET", `/api/v1/registry/repositories/${t.registry.repositoryId}/tags`, {
      token: t.tokens.VIEWER.secret,
    });
    expect(tags.json.items.map((x) => x.name)).toEqual(["base"]);

    const before = du();
    worker = startWorker();
    // Registry-wide: an installation operator starts it (organisation admins cannot).
    const requested = await call<{ queued: boolean }>("POST", "/api/v1/registry/gc", { cookie: (await operatorSession()).cookie });
    expect(requested.status, requested.text).toBe(202);
    const run = await waitFor(
      "garbage collection job",
      async () => {
        const res = await testDb().query(
          `select status, result from "JobRun" where name = 'registry.gc' and status <> 'RUNNING' order by "startedAt" desc limit 1`,
        );
        return res.rows[0] as { status: string; result: { freedBytes: number; blobsDeleted: number; readOnlyMs: number } } | undefined;
      },
      60_000,
    );
    expect(run.status).toBe("SUCCEEDED");
    expect(run.result.freedBytes).toBeGreaterThanOrEqual(PAYLOAD_BYTES);
    expect(run.result.blobsDeleted).toBeGreaterThanOrEqual(2);
    const after = du();
    expect(before - after).toBeGreaterThanOrEqual(PAYLOAD_BYTES);

    // The remaining tag is intact and the registry takes pushes again.
    const pullBase = await docker.run(["pull", `${REGISTRY_HOST}/${repo}:base`]);
    expect(pullBase.code, pullBase.stderr).toBe(0);
    await docker.run(["tag", "wharf-test/busybox:1", `${REGISTRY_HOST}/${repo}:after-gc`]);
    const push = await docker.run(["push", `${REGISTRY_HOST}/${repo}:after-gc`]);
    expect(push.code, push.stderr).toBe(0);
    await waitForPushRecorded(repo, "after-gc");
    const overview = await call<{ gc: { lastStatus: string; lastFreedBytes: number } }>("GET", "/api/v1/registry", {
      token: t.tokens.VIEWER.secret,
    });
    expect(overview.json.gc).toMatchObject({ lastStatus: "SUCCEEDED", lastFreedBytes: run.result.freedBytes });
  });
});
