import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/auth/context";
import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { ensureLocalCluster } from "@/lib/domain/clusters/ensure-local-cluster";
import { signUp, uniqueEmail } from "../support/tenants";

describe("the local cluster", () => {
  it("simultaneous first organisations create exactly one, holding the local agent's token", async () => {
    const orgIds = await Promise.all([1, 2, 3, 4].map(async (n) => (await signUp(uniqueEmail(`local-${n}`))).me.activeOrganizationId));
    const secret = `wharf_join_${randomBytes(24).toString("hex")}`;
    const created = await Promise.all(
      orgIds.map((orgId) => prisma.$transaction((tx) => ensureLocalCluster({ orgId, actor: systemActor("test"), db: tx, secret }))),
    );
    const winners = created.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    const token = await prisma.joinToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(secret) }, select: { clusterId: true, role: true } });
    expect(token).toEqual({ clusterId: winners[0]!.id, role: "MANAGER" });
    const locals = await prisma.cluster.count({ where: { orgId: { in: orgIds }, name: "local" } });
    expect(locals).toBe(1);
  });
});
