import type { OrgContext } from "@/lib/auth/context";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { checkExternalRegistry } from "@/lib/drivers/registry/external-check";
import { auditChange } from "../../audit/record-audit";

/** "Test connection": a real v2 sign-in with the stored credentials; the outcome is kept on the row. */
export async function testExternalRegistry({ ctx, externalRegistryId }: { ctx: OrgContext; externalRegistryId: string }) {
  const reg = await prisma.externalRegistry.findFirst({
    where: { id: externalRegistryId, orgId: ctx.orgId },
    select: { id: true, host: true, username: true, secretEnc: true },
  });
  if (!reg) throw notFound("External registry");
  const result = await checkExternalRegistry({ host: reg.host, username: reg.username, password: decryptSecret(reg.secretEnc) });
  const testedAt = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.externalRegistry.update({
      where: { id: reg.id },
      data: { lastTestedAt: testedAt, lastTestOk: result.ok, lastTestError: result.ok ? null : result.message },
    });
    await auditChange(tx, ctx, "external-registry.test", reg.id, { host: reg.host, ok: result.ok });
  });
  return { ...result, testedAt };
}
