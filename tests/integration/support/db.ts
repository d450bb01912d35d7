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
 */
export async function dbFingerprint(): Promise<Record<string, string>> {
  const db = testDb();
  // Partitions are read through their parent (log_lines), not once more on their own.
  const tables = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables t
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations'
       and not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = t.table_name and c.relispartition)
     order by 1`,
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    // Stored log lines are only ever inserted (by the gateway) or deleted (by retention), never
    // updated: their count and id range change with any write, without hashing every line.
    const query = APPEND_ONLY.has(table_name)
      ? `select concat_ws(':', count(*), min(id), max(id)) as h from "${table_name}"`
      : `select md5(coalesce(string_agg((to_jsonb(t) - 'lastUsedAt' - 'lastSeenAt')::text, '|' order by to_jsonb(t)->>'id'), '')) as h from "${table_name}" t`;
    const res = await db.query<{ h: string }>(query);
    out[table_name] = res.rows[0]?.h ?? "";
  }
  return out;
}

const APPEND_ONLY = new Set(["log_lines"]);
