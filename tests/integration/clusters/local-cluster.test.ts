import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/context";
import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { joinNode } from "@/lib/domain/agents/join-node";
import { createCluster } from "@/lib/domain/clusters/create-cluster";
import { ensureLocalCluster } from "@/lib/domain/clusters/ensure-local-cluster";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import { signUp, uniqueEmail } from "../../support/integration/tenants";
import { testInventory } from "../../support/test-inventory";

describe("the local cluster", () => {
  it("simultaneous first organisations create exactly one, holding the local agent's token", async () => {
    const orgIds = await Promise.all([1, 2, 3, 4].map(async (n) => (await signUp(uniqueEmail(`local-${n}`))).me.activeOrganizationId));
    const secret = `wharf_join_${randomBytes(24).toString("hex")}`;
    const created = await Promise.all(
      orgIds.map((orgId) => prisma.$transaction((tx) => ensureLocalCluster({ orgId, actor: systemActor("test"), db: tx, secret }))),
    );
    const winners = created.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    const token = await prisma.joinToken.findUniqueOrThrow({
      where: { tokenHash: sha256Hex(secret) },
      select: { clusterId: true, role: true },
    });
    expect(token).toEqual({ clusterId: winners[0]!.id, role: "MANAGER" });
    const locals = await prisma.cluster.count({ where: { orgId: { in: orgIds }, name: "local" } });
    expect(locals).toBe(1);
  });

  it("its node is labelled wharf.lb=true when it joins (it runs the HAProxy load balancers); other clusters' nodes are not", async () => {
    const orgId = (await signUp(uniqueEmail("local-lb"))).me.activeOrganizationId;
    const localSecret = `wharf_join_${randomBytes(24).toString("hex")}`;
    const local = await prisma.$transaction((tx) => ensureLocalCluster({ orgId, actor: systemActor("test"), db: tx, secret: localSecret }));
    expect(local).not.toBeNull();
    const plain = await createCluster({ orgId, actor: systemActor("test"), name: "plain-lb" });
    const plainSecret = `wharf_join_${randomBytes(24).toString("hex")}`;
    await prisma.joinToken.create({
      data: {
        orgId,
        clusterId: plain.id,
        role: "MANAGER",
        tokenHash: sha256Hex(plainSecret),
        prefix: plainSecret.slice(0, 15),
        maxUses: 1,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const join = (token: string, machine: string) =>
      joinNode({
        request: { token, protocolVersion: PROTOCOL_VERSION, agentVersion: "test", inventory: testInventory(machine) },
        ip: null,
      });
    const localNode = await join(localSecret, `local-lb-${randomBytes(4).toString("hex")}`);
    const plainNode = await join(plainSecret, `plain-lb-${randomBytes(4).toString("hex")}`);
    const labels = async (id: string) => (await prisma.node.findUniqueOrThrow({ where: { id }, select: { labels: true } })).labels;
    expect(await labels(localNode.nodeId)).toEqual({ "wharf.lb": "true" });
    expect(await labels(plainNode.nodeId)).toEqual({});
  });
});
