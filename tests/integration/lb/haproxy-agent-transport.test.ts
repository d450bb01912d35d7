/**
 * The HAProxy driver's production transport (lib/domain/traffic/haproxy-agent-transport.ts): which
 * nodes it sends to (READY, labelled wharf.lb=true, of the load balancer's own cluster), the error
 * when there is none, an offline node's outcome, and the certificates it hands to HAProxy.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/context";
import { encryptSecret, sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { createCluster } from "@/lib/domain/clusters/create-cluster";
import { haproxyAgentTransport, haproxyNodes } from "@/lib/domain/traffic/haproxy-agent-transport";
import type { LbHandle } from "@/lib/drivers/lb/types";
import { AppError } from "@/lib/errors";
import { signUp, uniqueEmail } from "../../support/integration/tenants";

type Seeded = { orgId: string; clusterId: string; lb: LbHandle };

async function seed(label: string): Promise<Seeded> {
  const orgId = (await signUp(uniqueEmail(label))).me.activeOrganizationId;
  const cluster = await createCluster({ orgId, actor: systemActor("test"), name: label });
  const row = await prisma.loadBalancer.create({
    data: { orgId, clusterId: cluster.id, name: "edge", driver: "HAPROXY" },
    select: { id: true },
  });
  return { orgId, clusterId: cluster.id, lb: { id: row.id, name: "edge", settings: {}, credentials: null, clusterId: cluster.id } };
}

async function node(
  s: Seeded,
  hostname: string,
  over: { status?: "READY" | "UNREACHABLE" | "PENDING"; labels?: Record<string, string>; removeRequestedAt?: Date } = {},
) {
  const created = await prisma.node.create({
    data: {
      orgId: s.orgId,
      clusterId: s.clusterId,
      machineId: `${hostname}-${randomBytes(4).toString("hex")}`,
      hostname,
      credentialHash: sha256Hex(randomBytes(16).toString("hex")),
      role: "WORKER",
      status: over.status ?? "READY",
      labels: over.labels ?? {},
      ...(over.removeRequestedAt ? { removeRequestedAt: over.removeRequestedAt } : {}),
    },
    select: { id: true },
  });
  return created.id;
}

describe("the HAProxy agent transport", () => {
  let s: Seeded;
  beforeAll(async () => {
    s = await seed("hx-transport");
  });

  it("refuses clearly when no ready node of the cluster is labelled wharf.lb=true", async () => {
    await node(s, "plain");
    await node(s, "says-false", { labels: { "wharf.lb": "false" } });
    const error = await haproxyNodes(s.lb).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UNAVAILABLE", message: expect.stringMatching(/Label a node wharf\.lb=true/) });
  });

  it("sends to the READY nodes labelled wharf.lb=true of the load balancer's own cluster, and only to them", async () => {
    const lbNode = await node(s, "edge-1", { labels: { "wharf.lb": "true", zone: "a" } });
    await node(s, "edge-down", { status: "UNREACHABLE", labels: { "wharf.lb": "true" } });
    await node(s, "edge-leaving", { labels: { "wharf.lb": "true" }, removeRequestedAt: new Date() });
    const other = await seed("hx-transport-other");
    await node(other, "other-edge", { labels: { "wharf.lb": "true" } });
    expect(await haproxyNodes(s.lb)).toEqual([{ id: lbNode, hostname: "edge-1" }]);
    // a handle naming another cluster does not move the load balancer there
    expect(await haproxyNodes({ ...s.lb, clusterId: other.clusterId })).toEqual([{ id: lbNode, hostname: "edge-1" }]);
  });

  it("reports a node that is not connected as that node's failure (a certificate-bearing command never waits in the database)", async () => {
    const outcomes = await haproxyAgentTransport.run(s.lb, "haproxy.listener.ensure", {
      lbId: s.lb.id,
      settings: { bindAddress: "127.0.0.1" },
      listener: {
        port: 8443,
        protocol: "https",
        certificates: [{ name: "c", pem: "-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n" }],
      },
    });
    expect(outcomes).toEqual([
      {
        node: { id: expect.any(String), hostname: "edge-1" },
        ok: false,
        code: "UNAVAILABLE",
        message: expect.stringMatching(/not connected/),
      },
    ]);
    expect(await prisma.command.count({ where: { clusterId: s.clusterId } })).toBe(0);
  });

  it("hands HAProxy the cluster's certificates with their keys (by id, or all of them)", async () => {
    const cert = (name: string) => ({
      orgId: s.orgId,
      clusterId: s.clusterId,
      name,
      domains: [`${name}.test`],
      certPem: `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----`,
      keyEnc: encryptSecret(`-----BEGIN PRIVATE KEY-----\nkey-of-${name}\n-----END PRIVATE KEY-----`),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const a = await prisma.certificate.create({ data: cert("alpha"), select: { id: true } });
    const b = await prisma.certificate.create({ data: cert("beta"), select: { id: true } });
    const all = await haproxyAgentTransport.certificates(s.lb, null);
    expect(all.map((c) => c.name)).toEqual([a.id, b.id]);
    expect(all[0]?.pem).toBe(
      "-----BEGIN CERTIFICATE-----\nalpha\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nkey-of-alpha\n-----END PRIVATE KEY-----\n",
    );
    expect((await haproxyAgentTransport.certificates(s.lb, [b.id])).map((c) => c.name)).toEqual([b.id]);
    await expect(haproxyAgentTransport.certificates(s.lb, [b.id, "nope"])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
