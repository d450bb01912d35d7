/**
 * Log housekeeping (job logs.housekeeping): partitions made ahead, whole days dropped past the
 * installation's maximum retention (LOG_TTL_MAX_DAYS), and lines of stores with a shorter
 * retention (log_ttl_<name>, or LOG_TTL_DEFAULT_DAYS) deleted a batch at a time. Lines no declared
 * store owns any more (a store removed from the labels, an application not known) get the default.
 */
import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import { envValue } from "@/lib/env";
import { dayOf, dropOldLogPartitions, ensureLogPartitions } from "./log-partitions";

const DAY_MS = 86_400_000;
const BATCH = 20_000;
/** Days of partitions made ahead of today: ingest never waits for a CREATE TABLE around midnight. */
const AHEAD_DAYS = 3;

export type LogHousekeepingResult = { createdPartitions: string[]; droppedPartitions: string[]; deletedLines: number };

type StoreKey = { applicationId: string; service: string; store: string; ttlDays: number };

/** Deletes the rows `where` selects in batches of BATCH (each its own statement); returns how many. */
async function deleteBatched(db: DbClient, where: Prisma.Sql, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    // ts < cutoff in both: only the partitions that can hold such lines are looked at.
    const n =
      await db.$executeRaw`DELETE FROM log_lines WHERE ts < ${cutoff} AND id IN (SELECT id FROM log_lines WHERE ts < ${cutoff} AND ${where} LIMIT ${BATCH}) AND ${where}`;
    total += n;
    if (n < BATCH) return total;
  }
}

/** Recounts a store's stats from its lines for the day the cutoff falls in; earlier days hold none any more. */
async function refreshStats(db: DbClient, key: Omit<StoreKey, "ttlDays">, cutoff: Date): Promise<void> {
  const day = dayOf(cutoff);
  await db.$executeRaw`DELETE FROM log_store_stats WHERE application_id = ${key.applicationId} AND service = ${key.service} AND store = ${key.store} AND day < ${day}::date`;
  await db.$executeRaw`
    UPDATE log_store_stats s SET lines = c.lines, bytes = c.bytes, last_ts = c.last_ts
    FROM (SELECT count(*)::bigint AS lines, coalesce(sum(octet_length(text)), 0)::bigint AS bytes, max(ts) AS last_ts FROM log_lines
          WHERE application_id = ${key.applicationId} AND service = ${key.service} AND store = ${key.store}
            AND ts >= ${day}::date::timestamptz AND ts < (${day}::date + 1)::timestamptz) c
    WHERE s.application_id = ${key.applicationId} AND s.service = ${key.service} AND s.store = ${key.store} AND s.day = ${day}::date`;
}

export async function runLogHousekeeping({
  now = new Date(),
  db = prisma,
}: { now?: Date; db?: DbClient } = {}): Promise<LogHousekeepingResult> {
  const maxDays = envValue("LOG_TTL_MAX_DAYS");
  const defaultDays = Math.min(envValue("LOG_TTL_DEFAULT_DAYS"), maxDays);
  const ahead = Array.from({ length: AHEAD_DAYS + 1 }, (_, i) => dayOf(now.getTime() + i * DAY_MS));
  const createdPartitions = await ensureLogPartitions({ days: ahead, db });
  const droppedPartitions = await dropOldLogPartitions({ maxDays, now, db });
  let deletedLines = 0;

  // Declared stores whose retention is shorter than whole-day drops give.
  const stores = await db.$queryRaw<StoreKey[]>`
    SELECT s."applicationId" AS "applicationId", a.name AS service, s.name AS store, s."ttlDays" AS "ttlDays"
    FROM "LogStore" s JOIN "AppService" a ON a.id = s."serviceId" WHERE s."ttlDays" < ${maxDays}`;
  for (const s of stores) {
    const cutoff = new Date(now.getTime() - s.ttlDays * DAY_MS);
    deletedLines += await deleteBatched(
      db,
      Prisma.sql`application_id = ${s.applicationId} AND service = ${s.service} AND store = ${s.store}`,
      cutoff,
    );
    await refreshStats(db, s, cutoff);
  }

  // Lines no declared store owns: the installation's default retention.
  if (defaultDays < maxDays) {
    const cutoff = new Date(now.getTime() - defaultDays * DAY_MS);
    const orphan = Prisma.sql`NOT EXISTS (SELECT 1 FROM "LogStore" s JOIN "AppService" a ON a.id = s."serviceId"
      WHERE s."applicationId" = log_lines.application_id AND a.name = log_lines.service AND s.name = log_lines.store)`;
    deletedLines += await deleteBatched(db, orphan, cutoff);
    await db.$executeRaw`DELETE FROM log_store_stats st WHERE day < ${dayOf(cutoff)}::date AND NOT EXISTS (
      SELECT 1 FROM "LogStore" s JOIN "AppService" a ON a.id = s."serviceId" WHERE s."applicationId" = st.application_id AND a.name = st.service AND s.name = st.store)`;
  }
  return { createdPartitions, droppedPartitions, deletedLines };
}
