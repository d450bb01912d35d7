import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CreateExternalRegistryInput } from "@/lib/schemas/registry";
import { auditChange } from "../../audit/record-audit";
import { externalRegistrySelect, normaliseHost } from "./external-view";

/** Stores credentials for an external registry; the password is encrypted and never returned or audited. */
export async function createExternalRegistry({ ctx, input }: { ctx: OrgContext; input: CreateExternalRegistryInput }) {
  return prisma.$transaction(async (tx) => {
    const taken = await tx.externalRegistry.findFirst({ where: { orgId: ctx.orgId, name: input.name }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `An external registry named ${input.name} already exists`);
    const host = normaliseHost(input.kind, input.host);
    const created = await tx.externalRegistry.create({
      data: {
        orgId: ctx.orgId,
        name: input.name,
        kind: input.kind,
        host,
        username: input.username,
        secretEnc: encryptSecret(input.password),
      },
      select: externalRegistrySelect,
    });
    await auditChange(tx, ctx, "external-registry.create", created.id, {
      name: input.name,
      kind: input.kind,
      host,
      username: input.username,
    });
    return created;
  });
}
