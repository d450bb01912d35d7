import type { UserContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { UpdateQuotasInput } from "@/lib/schemas/installation";
import { recordAudit } from "../audit/record-audit";
import { overridesOf, quotaColumns, QUOTA_KINDS } from "../quotas/quota-kinds";
import { installationOrganizationSelect, installationOrganizationView } from "./installation-organization-view";

/**
 * An operator sets (or, with null, resets to the installation default) an organisation's quotas.
 * Lowering a quota below current usage removes nothing: it only stops new clusters, nodes,
 * applications or pushes until usage is back under it. Recorded in that organisation's audit log.
 */
export async function updateOrganizationQuotas({ ctx, orgId, input }: { ctx: UserContext; orgId: string; input: UpdateQuotasInput }) {
  const updated = await prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: orgId }, select: installationOrganizationSelect });
    if (!before) throw notFound("Organisation");
    const data: Record<string, number | bigint | null> = {};
    for (const kind of QUOTA_KINDS) {
      const value = input[kind];
      if (value === undefined) continue;
      data[quotaColumns[kind]] = kind === "registryBytes" && value !== null ? BigInt(value) : value;
    }
    const after = await tx.organization.update({ where: { id: orgId }, data, select: installationOrganizationSelect });
    await recordAudit({
      db: tx,
      orgId,
      actor: ctx.actor,
      action: "organization.quota-update",
      targetType: "organization",
      targetId: orgId,
      details: { before: overridesOf(before), after: overridesOf(after), by: "installation operator" },
    });
    return after;
  });
  // Usage is measured after the commit: registry storage takes calls to the registry.
  return installationOrganizationView(updated);
}
