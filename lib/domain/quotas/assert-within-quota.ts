/**
 * The one quota check: call it inside the transaction that creates the cluster, node or
 * application (pass `db: tx`), before the insert. It takes a transaction-scoped advisory lock per
 * organisation and kind, so two concurrent creations cannot both take the last free slot; the lock
 * is released when the caller's transaction ends. For registry storage it answers whether the
 * organisation is still below its limit (a push is refused once it has reached it).
 */
import { prisma, type DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeAmount, type QuotaKind } from "./quota-kinds";
import { quotaLimits } from "./quota-limits";
import { countUsage } from "./quota-usage";
import { registryUsageBytes } from "./registry-usage";

const NOUNS: Record<QuotaKind, string> = {
  clusters: "clusters",
  nodes: "nodes",
  applications: "applications",
  registryBytes: "registry storage",
};

export type AssertWithinQuotaOptions = { orgId: string; kind: QuotaKind; db?: DbClient };

export async function assertWithinQuota({ orgId, kind, db = prisma }: AssertWithinQuotaOptions): Promise<void> {
  if (kind !== "registryBytes") await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`wharf.quota.${orgId}.${kind}`}))`;
  const { limits } = await quotaLimits({ orgId, db });
  const limit = limits[kind];
  const used = kind === "registryBytes" ? await registryUsageBytes({ orgId }) : await countUsage({ orgId, kind, db });
  if (used < limit) return;
  const what = kind === "registryBytes" ? "a push" : `another ${NOUNS[kind].replace(/s$/, "")}`;
  throw new AppError(
    "QUOTA_EXCEEDED",
    `This organisation has reached its quota of ${describeAmount(kind, limit)} (${kind === "registryBytes" ? describeAmount(kind, used).replace(" of registry storage", "") : used} in use), so ${what} is not allowed. ` +
      `${kind === "registryBytes" ? "Delete tags and wait for garbage collection, or ask" : "Remove one first, or ask"} an installation operator to raise it (operators do so under Settings → Installation).`,
    { quota: kind, limit, used },
  );
}
