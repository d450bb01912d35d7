/**
 * Issue 9, finding 1, through the product: a cluster's workload policy is strict by default (a bind
 * mount is a located error in the preview), only an owner can relax it (an admin gets 403), every
 * change is audited with the policy before and after, the control-plane host's cluster refuses any
 * relaxation, and once relaxed the previously refused bind mount deploys on a real engine (one
 * netns machine, real gateway, worker and agent), with the policy sent along to the agent.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { ensureLocalCluster } from "@/lib/domain/clusters/ensure-local-cluster";
import { execOutput } from "../../support/runtime/container-exec";
import { dockerClient } from "../../support/runtime/docker-env";
import { call } from "../../support/integration/client";
import { testDb } from "../../support/integration/db";
import { waitFor } from "../../support/integration/processes";
import { startSwarmCluster, type SwarmCluster } from "../../support/integration/swarm-cluster";
import { orgTestImages } from "../../support/integration/test-registry-images";
import { createTenant, type Tenant } from "../../support/integration/tenants";

const HOST_DIR = path.resolve(__dirname, "../../../.wharf/test-results/workload-policy-cluster");

let t: Tenant;
let cluster: SwarmCluster;
let busybox: string;

const compose = (image: string) => `services:
  web:
    image: ${image}
    volumes:
      - ${HOST_DIR}:/data:ro
`;

type ErrorBody = {
  error: { code: string; message: string; details?: Array<{ code: string; path: string; line?: number; message: string }> };
};
type ClusterBody = {
  id: string;
  controlPlaneHost: boolean;
  workloadPolicy: { bindMountPaths: string[]; privilegedPorts: boolean; dockerSocket: boolean };
};

const put = (cookie: string, clusterId: string, body: unknown) =>
  call<ClusterBody & ErrorBody>("PUT", `/api/v1/clusters/${clusterId}/workload-policy`, { cookie, body });

async function auditEntries(clusterId: string) {
  const res = await testDb().query(
    `select "actorLabel", details from "AuditLog" where action = 'cluster.policy.update' and "targetId" = $1 order by "createdAt"`,
    [clusterId],
  );
  return res.rows as Array<{
    actorLabel: string;
    details: { before: ClusterBody["workloadPolicy"]; after: ClusterBody["workloadPolicy"] };
  }>;
}

beforeAll(async () => {
  rmSync(HOST_DIR, { recursive: true, force: true });
  mkdirSync(HOST_DIR, { recursive: true });
  writeFileSync(path.join(HOST_DIR, "marker"), "host file seen by the service\n");
  t = await createTenant("policy");
  busybox = (await orgTestImages(t.people.OWNER.cookie, t.slug)).busybox;
  cluster = await startSwarmCluster({ cookie: t.people.OWNER.cookie, name: "policy-it", machines: [{ name: "wpp1", index: 65 }] });
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(HOST_DIR, { recursive: true, force: true });
}, 120_000);

describe("finding 1: a cluster's workload policy", () => {
  it("is strict by default: the bind mount is a located policy error in the preview, and nothing is stored", async () => {
    const got = await call<ClusterBody>("GET", `/api/v1/clusters/${cluster.clusterId}`, { cookie: t.people.DEVELOPER.cookie });
    expect(got.json).toMatchObject({
      controlPlaneHost: false,
      workloadPolicy: { bindMountPaths: [], dockerSocket: false, privilegedPorts: false },
    });
    for (const url of ["/api/v1/applications/preview", "/api/v1/applications"]) {
      const res = await call<ErrorBody>("POST", url, {
        cookie: t.people.DEVELOPER.cookie,
        body: { name: "bound", clusterId: cluster.clusterId, compose: compose(busybox) },
      });
      expect(res.status, res.text).toBe(422);
      expect(res.json.error.details).toContainEqual(
        expect.objectContaining({
          code: "policy",
          path: "compose.services.web.volumes[0]",
          line: 5,
          message: expect.stringContaining(`bind mount of ${HOST_DIR} is not allowed`),
        }),
      );
    }
    expect(await prisma.application.count({ where: { orgId: t.orgId, name: "bound" } })).toBe(0);
  });

  it("only an owner can relax it: admins and developers get 403 and nothing changes", async () => {
    for (const role of ["ADMIN", "DEVELOPER", "VIEWER"] as const) {
      const res = await put(t.people[role].cookie, cluster.clusterId, { bindMountPaths: [HOST_DIR] });
      expect(res.status, `${role}: ${res.text}`).toBe(403);
      expect(res.json.error.code).toBe("FORBIDDEN");
    }
    expect(await auditEntries(cluster.clusterId)).toEqual([]);
    expect(
      (await prisma.cluster.findUniqueOrThrow({ where: { id: cluster.clusterId }, select: { workloadPolicy: true } })).workloadPolicy,
    ).toBeNull();
  });

  it("refuses invalid rules with field errors", async () => {
    const res = await put(t.people.OWNER.cookie, cluster.clusterId, { bindMountPaths: ["relative/path"], everything: true });
    expect(res.status, res.text).toBe(422);
  });

  it("an owner relaxes it; the change is audited with the policy before and after", async () => {
    const res = await put(t.people.OWNER.cookie, cluster.clusterId, { bindMountPaths: [`${HOST_DIR}/`] });
    expect(res.status, res.text).toBe(200);
    expect(res.json.workloadPolicy).toMatchObject({ bindMountPaths: [HOST_DIR], dockerSocket: false });
    const [entry, ...more] = await auditEntries(cluster.clusterId);
    expect(more).toEqual([]);
    expect(entry?.actorLabel).toBe(t.people.OWNER.email);
    expect(entry?.details.before.bindMountPaths).toEqual([]);
    expect(entry?.details.after.bindMountPaths).toEqual([HOST_DIR]);
  });

  it("the previously refused bind mount now deploys on the real engine, and the agent was sent the policy", async () => {
    const created = await call<{ application: { id: string } }>("POST", "/api/v1/applications", {
      cookie: t.people.DEVELOPER.cookie,
      body: { name: "bound", clusterId: cluster.clusterId, compose: compose(busybox) },
    });
    expect(created.status, created.text).toBe(201);
    const appId = created.json.application.id;
    const deployment = await waitFor(
      "the deployment to finish",
      async () => {
        const list = await call<{ items: Array<{ status: string; error: string | null }> }>(
          "GET",
          `/api/v1/applications/${appId}/deployments`,
          { cookie: t.people.OWNER.cookie },
        );
        const d = list.json.items[0];
        return d && (d.status === "SUCCEEDED" || d.status === "FAILED") ? d : undefined;
      },
      180_000,
      500,
    );
    expect(deployment.error).toBeNull();
    const docker = dockerClient(cluster.machines[0]?.socketPath);
    const service = (await docker.getService("bound_web").inspect()) as {
      Spec: { TaskTemplate: { ContainerSpec: { Mounts: Array<{ Type: string; Source: string }> } } };
    };
    expect(service.Spec.TaskTemplate.ContainerSpec.Mounts).toEqual([expect.objectContaining({ Type: "bind", Source: HOST_DIR })]);
    const command = await prisma.command.findFirstOrThrow({
      where: { clusterId: cluster.clusterId, type: "service.apply" },
      orderBy: { createdAt: "desc" },
      select: { payload: true },
    });
    expect(command.payload).toMatchObject({ policy: { bindMountPaths: [HOST_DIR], dockerSocket: false } });
    const containerId = await waitFor(
      "the running container",
      async () => {
        const containers = (await docker.listContainers({ filters: { label: ["com.docker.swarm.service.name=bound_web"] } })) as Array<{
          Id: string;
          State: string;
        }>;
        return containers.find((c) => c.State === "running")?.Id;
      },
      60_000,
      250,
    );
    const output = await execOutput(docker.getContainer(containerId), ["cat", "/data/marker"]);
    expect(output).toContain("host file seen by the service");
  });

  it("tightened again, the same file is refused again", async () => {
    expect((await put(t.people.OWNER.cookie, cluster.clusterId, {})).status).toBe(200);
    const res = await call<ErrorBody>("POST", "/api/v1/applications/preview", {
      cookie: t.people.OWNER.cookie,
      body: { name: "bound2", clusterId: cluster.clusterId, compose: compose(busybox) },
    });
    expect(res.status).toBe(422);
    expect((await auditEntries(cluster.clusterId)).map((e) => e.details.after.bindMountPaths)).toEqual([[HOST_DIR], []]);
  });

  it("the control-plane host's cluster is always strict: relaxing it is refused, and a stored policy is ignored", async () => {
    const local = await prisma.$transaction((tx) =>
      ensureLocalCluster({ orgId: t.orgId, actor: systemActor("test"), db: tx, secret: `wharf_join_${randomBytes(24).toString("hex")}` }),
    );
    if (!local) throw new Error("expected a local cluster");
    expect(local.controlPlaneHost).toBe(true);
    const res = await put(t.people.OWNER.cookie, local.id, { bindMountPaths: ["/srv"] });
    expect(res.status, res.text).toBe(409);
    expect(res.json.error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("control-plane host") });
    expect(await auditEntries(local.id)).toEqual([]);
    // even a relaxed policy written straight into the database does not apply there
    await prisma.cluster.update({ where: { id: local.id }, data: { workloadPolicy: { bindMountPaths: ["/"], dockerSocket: true } } });
    const got = await call<ClusterBody>("GET", `/api/v1/clusters/${local.id}`, { cookie: t.people.OWNER.cookie });
    expect(got.json).toMatchObject({ controlPlaneHost: true, workloadPolicy: { bindMountPaths: [], dockerSocket: false } });
    const preview = await call<ErrorBody>("POST", "/api/v1/applications/preview", {
      cookie: t.people.OWNER.cookie,
      body: {
        name: "escape",
        clusterId: local.id,
        compose: 'services:\n  web:\n    image: nginx\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n',
      },
    });
    expect(preview.status).toBe(422);
    expect(preview.json.error.details).toContainEqual(
      expect.objectContaining({ code: "policy", path: "compose.services.web.volumes[0]", line: 4 }),
    );
  });
});
