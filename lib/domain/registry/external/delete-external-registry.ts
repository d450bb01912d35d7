import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../../audit/record-audit";

export async function deleteExternalRegistry({ ctx, externalRegistryId }: { ctx: OrgContext; externalRegistryId: string }) {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.externalRegistry.findFirst({
      where: { id: externalRegistryId, orgId: ctx.orgId },
      select: { id: true, name: true, host: true },
    });
    if (!existing) throw notFound("External registry");
    await tx.externalRegistry.delete({ where: { id: existing.id } });
    await auditChange(tx, ctx, "external-registry.delete", existing.id, { name: existing.name, host: existing.host });
  });
  return { ok: true as const };
}
