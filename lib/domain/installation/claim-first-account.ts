import type { DbClient } from "@/lib/db";

/**
 * Whether the account about to be created is the installation's first (and so its operator).
 * Call inside the sign-up transaction before creating the user: when no account exists yet it
 * takes a transaction-scoped advisory lock and looks again, so of two simultaneous first sign-ups
 * exactly one becomes the operator. Later sign-ups see an account at once and take no lock.
 */
export async function claimFirstAccount({ db }: { db: DbClient }): Promise<boolean> {
  if (await db.user.findFirst({ select: { id: true } })) return false;
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wharf.first-account'))`;
  return (await db.user.findFirst({ select: { id: true } })) === null;
}
