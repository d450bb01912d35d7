import { prisma, type DbClient } from "@/lib/db";
import type { InstallationOrganization } from "@/lib/schemas/installation";
import { overridesOf, quotaOverrideSelect } from "../quotas/quota-kinds";
import { resolveLimits } from "../quotas/quota-limits";
import { quotaUsage } from "../quotas/quota-usage";
import { quotaView } from "../quotas/quota-view";

export const installationOrganizationSelect = {
  id: true,
  name: true,
  slug: true,
  createdAt: true,
  ...quotaOverrideSelect,
  _count: { select: { memberships: true } },
  memberships: { where: { role: "OWNER" }, orderBy: { createdAt: "asc" }, take: 5, select: { user: { select: { email: true } } } },
} as const;

type Row = {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
  quotaClusters: number | null;
  quotaNodes: number | null;
  quotaApplications: number | null;
  quotaRegistryBytes: bigint | null;
  _count: { memberships: number };
  memberships: Array<{ user: { email: string } }>;
};

/** One organisation as an operator sees it: who owns it and its usage against its quotas. */
export async function installationOrganizationView(row: Row, db: DbClient = prisma): Promise<InstallationOrganization> {
  const usage = await quotaUsage({ orgId: row.id, db });
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    createdAt: row.createdAt.toISOString(),
    members: row._count.memberships,
    owners: row.memberships.map((m) => m.user.email),
    quotas: quotaView(resolveLimits(overridesOf(row)), usage),
  };
}
