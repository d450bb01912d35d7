import { prisma, type DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { overridesOf, quotaDefaults, quotaOverrideSelect, type QuotaKind, type QuotaOverrides } from "./quota-kinds";

export type QuotaLimits = { limits: Record<QuotaKind, number>; overrides: QuotaOverrides };

/** The limits in force for an organisation: its own values where set, the installation's elsewhere. */
export async function quotaLimits({ orgId, db = prisma }: { orgId: string; db?: DbClient }): Promise<QuotaLimits> {
  const row = await db.organization.findUnique({ where: { id: orgId }, select: quotaOverrideSelect });
  if (!row) throw notFound("Organization");
  return resolveLimits(overridesOf(row));
}

export function resolveLimits(overrides: QuotaOverrides): QuotaLimits {
  const defaults = quotaDefaults(env);
  const limits = { ...defaults };
  for (const kind of Object.keys(defaults) as QuotaKind[]) limits[kind] = overrides[kind] ?? defaults[kind];
  return { limits, overrides };
}
