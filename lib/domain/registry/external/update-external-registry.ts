import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { UpdateExternalRegistryInput } from "@/lib/schemas/registry";
import { auditChange } from "../../audit/record-audit";
import { externalRegistrySelect, normaliseHost } from "./external-view";

/**
 * Changes name, host, username or password; a new password is encrypted; the audit says only that
 * it changed. A new host needs the password again: stored credentials are only ever sent to the
 * host they were entered for (issue 9, finding 5c), so whoever can edit the row cannot redirect them.
 */
export async function updateExternalRegistry({
  ctx,
  externalRegistryId,
  input,
}: {
  ctx: OrgContext;
  externalRegistryId: string;
  input: UpdateExternalRegistryInput;
}) {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.externalRegistry.findFirst({
      where: { id: externalRegistryId, orgId: ctx.orgId },
      select: { id: true, kind: true, host: true },
    });
    if (!existing) throw notFound("External registry");
    const newHost = input.host ? normaliseHost(existing.kind, input.host) : existing.host;
    if (newHost !== existing.host && !input.password) {
      throw new AppError("INVALID_INPUT", `Enter the password again to move these credentials to ${newHost}`, [
        { path: "body.password", message: "is required when the host changes" },
      ]);
    }
    if (input.name) {
      const taken = await tx.externalRegistry.findFirst({
        where: { orgId: ctx.orgId, name: input.name, id: { not: existing.id } },
        select: { id: true },
      });
      if (taken) throw new AppError("CONFLICT", `An external registry named ${input.name} already exists`);
    }
    const { password, ...rest } = input;
    const data = {
      ...rest,
      ...(rest.host ? { host: newHost } : {}),
      ...(password ? { secretEnc: encryptSecret(password), lastTestOk: null, lastTestError: null, lastTestedAt: null } : {}),
    };
    const updated = await tx.externalRegistry.update({ where: { id: existing.id }, data, select: externalRegistrySelect });
    const changed = Object.keys(input).map((k) => (k === "password" ? "password (not recorded)" : k));
    await auditChange(tx, ctx, "external-registry.update", existing.id, { changed, ...rest });
    return updated;
  });
}
