/**
 * What an organisation uses of each quota. Clusters, live nodes and live applications are counted
 * in PostgreSQL; registry storage is measured in the registry (registry-usage.ts) and only when
 * asked for, because it takes one registry round trip per tag.
 */
import { prisma, type DbClient } from "@/lib/db";
import type { QuotaKind } from "./quota-kinds";
import { registryUsageBytes } from "./registry-usage";

export type CountedKind = Exclude<QuotaKind, "registryBytes">;

/** Rows that count: removed nodes and deleted applications do not. */
export function countUsage({ orgId, kind, db = prisma }: { orgId: string; kind: CountedKind; db?: DbClient }): Promise<number> {
  switch (kind) {
    case "clusters":
      return db.cluster.count({ where: { orgId } });
    case "nodes":
      return db.node.count({ where: { orgId, removedAt: null } });
    case "applications":
      return db.application.count({ where: { orgId, deletedAt: null } });
  }
}

export type QuotaUsage = Record<QuotaKind, number | null>;

/**
 * All four figures. registryBytes is null when the registry could not be asked (unreachable) or
 * when `registry` is false (lists of many organisations skip it unless asked).
 */
export async function quotaUsage({
  orgId,
  registry = true,
  db = prisma,
}: {
  orgId: string;
  registry?: boolean;
  db?: DbClient;
}): Promise<QuotaUsage> {
  const [clusters, nodes, applications, registryBytes] = await Promise.all([
    countUsage({ orgId, kind: "clusters", db }),
    countUsage({ orgId, kind: "nodes", db }),
    countUsage({ orgId, kind: "applications", db }),
    registry ? registryUsageBytes({ orgId }).catch(() => null) : Promise.resolve(null),
  ]);
  return { clusters, nodes, applications, registryBytes };
}
