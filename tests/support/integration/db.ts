/** Direct database access for assertions (not through the code under test). */
import pg from "pg";

let pool: pg.Pool | undefined;

export function testDb(): pg.Pool & { ended?: boolean } {
  if (!pool || (pool as pg.Pool & { ended?: boolean }).ended) pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
  return pool;
}

/**
 * A fingerprint of every row of every table, ignoring "last seen/used" timestamps that reads may
 * touch. Equal fingerprints before and after a rejected request prove it changed nothing.
 *
 * Most tables are summarised by their row count and newest row version (max xmin): an INSERT or
 * UPDATE writes a row version stamped with its transaction's id, newer than any before it, and a
 * DELETE changes the count. That is as strict as hashing every row and costs a scan instead of a
 * sort of every row as JSON, which over a whole suite's data made this check minutes long. Tables
 * with a "last seen/used" column, which an authenticated read may update, are hashed row by row
 * without those columns.
 */
export async function dbFingerprint(): Promise<Record<string, string>> {
  const db = testDb();
  // Partitions are read through their parent (log_lines), not once more on their own.
  const tables = await db.query<{ table_name: string; touched_by_reads: boolean }>(
    `select table_name,
            exists (select 1 from information_schema.columns c
                    where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name in ('lastUsedAt', 'lastSeenAt')) as touched_by_reads
     from information_schema.tables t
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations'
       and not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = t.table_name and c.relispartition)
     order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { table_name, touched_by_reads } of tables.rows) {
    const query = touched_by_reads
      ? `select md5(coalesce(string_agg((to_jsonb(t) - 'lastUsedAt' - 'lastSeenAt')::text, '|' order by to_jsonb(t)->>'id'), '')) as h from "${table_name}" t`
      : `select concat_ws(':', count(*), max(xmin::text::bigint)) as h from "${table_name}"`;
    const res = await db.query<{ h: string }>(query);
    out[table_name] = res.rows[0]?.h ?? "";
  }
  return out;
}
