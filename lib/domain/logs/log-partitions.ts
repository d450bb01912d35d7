/**
 * log_lines is partitioned by day (UTC) of a line's time: a day is one table, so retention at the
 * installation's maximum is a DROP TABLE, not millions of deletes. Partitions are made ahead by the
 * housekeeping job and, for a day it has not made (a fresh installation, lines from yesterday after
 * a long buffer), by the ingest itself just before inserting.
 */
import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";

const DAY_MS = 86_400_000;

/** "2026-12-03" of a time, in UTC. */
export const dayOf = (t: Date | number) => new Date(typeof t === "number" ? t : t.getTime()).toISOString().slice(0, 10);
export const partitionName = (day: string) => `log_lines_${day.replaceAll("-", "")}`;
const dayOfPartition = (name: string) => {
  const m = /^log_lines_(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
};

/** Days this process knows to have a partition (a DROP by another process is only ever of old days). */
const known = new Set<string>();

/** Creates the partitions of these days that do not exist yet. Safe to run concurrently. */
export async function ensureLogPartitions({ days, db = prisma }: { days: Iterable<string>; db?: DbClient }): Promise<string[]> {
  const missing = [...new Set(days)].filter((d) => !known.has(d) && /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (missing.length === 0) return [];
  const existing = new Set((await listLogPartitions(db)).map((p) => p.day));
  const created: string[] = [];
  for (const day of missing) {
    if (!existing.has(day)) {
      const next = dayOf(Date.parse(`${day}T00:00:00Z`) + DAY_MS);
      const name = partitionName(day);
      // The advisory lock serialises creators (two gateways, the housekeeping job); IF NOT EXISTS
      // then makes the second a no-op. Names and bounds are made here from a checked date.
      const create = async (tx: Prisma.TransactionClient) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('log_lines partitions'))`;
        await tx.$executeRawUnsafe(
          `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF log_lines FOR VALUES FROM ('${day} 00:00:00+00') TO ('${next} 00:00:00+00')`,
        );
      };
      if ("$transaction" in db) await db.$transaction(create);
      else await create(db);
      created.push(day);
    }
    known.add(day);
  }
  return created;
}

export type LogPartition = { name: string; day: string };

export async function listLogPartitions(db: DbClient = prisma): Promise<LogPartition[]> {
  const rows = await db.$queryRaw<Array<{ name: string }>>`
    SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'log_lines'::regclass ORDER BY c.relname`;
  return rows.flatMap((r) => {
    const day = dayOfPartition(r.name);
    return day ? [{ name: r.name, day }] : [];
  });
}

/** Drops the partitions of days wholly older than `maxDays` before `now`; returns their days. */
export async function dropOldLogPartitions({
  maxDays,
  now = new Date(),
  db = prisma,
}: {
  maxDays: number;
  now?: Date;
  db?: DbClient;
}): Promise<string[]> {
  // A day is dropped once its end is more than maxDays ago: no line in it is younger than that.
  const cutoff = dayOf(now.getTime() - maxDays * DAY_MS);
  const old = (await listLogPartitions(db)).filter((p) => p.day < cutoff);
  for (const p of old) {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${p.name}"`);
    await db.$executeRaw`DELETE FROM log_store_stats WHERE day = ${p.day}::date`;
    known.delete(p.day);
  }
  return old.map((p) => p.day);
}

/** Forgets what this process knows (tests that drop partitions behind its back). */
export function forgetLogPartitions(): void {
  known.clear();
}
