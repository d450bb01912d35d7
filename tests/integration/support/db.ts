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
  const tables = await db.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> '_prisma_migrations' order by 1",
  );
  const out: Record<string, string> = {};
  for (const { table_name } of tables.rows) {
    const res = await db.query<{ h: string }>(
      `select md5(coalesce(string_agg((to_jsonb(t) - 'lastUsedAt' - 'lastSeenAt')::text, '|' order by to_jsonb(t)->>'id'), '')) as h from "${table_name}" t`,
    );
    out[table_name] = res.rows[0]?.h ?? "";
  }
  return out;
}
