import { prisma } from "@/lib/db";

/** A worker killed mid-evaluation delays its rules by at most this long. */
const LEASE_MS = 30_000;

/**
 * Takes the lease of enabled rules due for an evaluation (none in the last ~period) and returns
 * their ids. The lease lives in PostgreSQL, like the breach counts and the last scaling, so two
 * workers (or a job that runs late while the next starts) never evaluate a rule twice at once, and
 * losing Redis loses nothing. SKIP LOCKED lets several workers split a large set of rules.
 * Raw SQL: one statement, and Prisma's @updatedAt stays the time of the rule's last edit.
 */
export async function leaseDueRules({
  now,
  evaluateSeconds,
  limit = 1000,
}: {
  now: Date;
  evaluateSeconds: number;
  limit?: number;
}): Promise<string[]> {
  const until = new Date(now.getTime() + LEASE_MS);
  // Runs drift by a few milliseconds; a rule evaluated most of a period ago is due.
  const due = new Date(now.getTime() - evaluateSeconds * 800);
  const rows = await prisma.$queryRaw<Array<{ id: string }>>`
    UPDATE "AutoscalingRule" SET "leaseUntil" = ${until}
    WHERE id IN (
      SELECT id FROM "AutoscalingRule"
      WHERE enabled AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now}) AND ("lastEvaluatedAt" IS NULL OR "lastEvaluatedAt" < ${due})
      ORDER BY "lastEvaluatedAt" ASC NULLS FIRST
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`;
  return rows.map((r) => r.id);
}

/** Gives leases back without touching anything else (a rule skipped, or whose evaluation failed). */
export async function releaseLeases(ids: string[]): Promise<void> {
  if (ids.length) await prisma.$executeRaw`UPDATE "AutoscalingRule" SET "leaseUntil" = NULL WHERE id = ANY(${ids})`;
}
