/**
 * PrismaPg adapter for the Prisma CLI (migrate dev/deploy/status/reset) with no network.
 *
 * Prisma 6.19.3 runs its WASM schema engine through this adapter. adapter-pg 6.19.3 has four
 * bugs that break migrations (see ../shared/research/prisma-offline.md); this file patches them.
 * Runtime code uses plain PrismaPg (lib/db.ts). The patch relies on adapter-pg internals, so the
 * version is pinned exactly in package.json.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

/** System catalog types adapter-pg cannot decode (prisma/prisma#27403): read them as text. */
const CATALOG_TYPES_AS_TEXT = new Set([18, 19, 22, 24, 30, 194, 1033, 2202, 2205, 2206]);
const CATALOG_ARRAYS_AS_TEXT_ARRAY = new Set([1003, 1034]);
const TEXT = 25;
const TEXT_ARRAY = 1009;

type Field = { dataTypeID: number };
/** pg answers a multi-statement script (how migrations reach the shadow database) with an array. */
type QueryResult = { fields: Field[] } | Array<{ fields?: Field[] }>;
type Query = { sql: string; args: unknown[]; argTypes: unknown[] };

/** The adapter-pg internals this patch touches (not part of its public types). */
interface PgQueryableInternals {
  client: { query(sql: string): Promise<unknown> };
  performIO(query: Query): Promise<QueryResult>;
  onError(error: unknown): never;
  executeScript?(script: string): Promise<void>;
  startTransaction?(isolationLevel?: string): Promise<PgQueryableInternals>;
  queryRaw(query: Query): Promise<{ rows: unknown[][] }>;
  dispose(): Promise<void>;
}

function relabelCatalogTypes(queryable: PgQueryableInternals): void {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const part of Array.isArray(result) ? result : [result]) {
      for (const field of part.fields ?? []) {
        if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT;
        else if (CATALOG_ARRAYS_AS_TEXT_ARRAY.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY;
      }
    }
    return result;
  };
}

function patchAdapter<T>(adapter: T): T {
  const internals = adapter as unknown as PgQueryableInternals;
  relabelCatalogTypes(internals);
  const startTransaction = internals.startTransaction?.bind(internals);
  if (startTransaction) {
    internals.startTransaction = async (isolationLevel) => {
      const tx = await startTransaction(isolationLevel);
      relabelCatalogTypes(tx);
      return tx;
    };
  }
  // adapter-pg splits scripts on every ";", which breaks plpgsql bodies and string literals.
  // PostgreSQL accepts a multi-statement simple query, which is also what native Prisma sends.
  internals.executeScript = async (script) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

function toPoolConfig(url: string, extra: pg.PoolConfig): pg.PoolConfig {
  // A connectionString would override `database`, pointing the shadow pool at the real database.
  const parsed = parseIntoClientConfig(url) as pg.PoolConfig & { connectionString?: string };
  delete parsed.connectionString;
  // Without allowExitOnIdle every CLI command idles ~10 s before exiting.
  return { ...parsed, allowExitOnIdle: true, ...extra };
}

const raw = (sql: string): Query => ({ sql, args: [], argTypes: [] });

class MigrationPgAdapterFactory extends PrismaPg {
  constructor(
    private readonly poolConfig: pg.PoolConfig,
    private readonly shadowUrl?: string,
  ) {
    super(poolConfig);
  }

  override async connect() {
    return patchAdapter(await super.connect());
  }

  override async connectToShadowDb() {
    if (this.shadowUrl) return this.resetShadow(this.shadowUrl);
    const admin = (await this.connect()) as unknown as PgQueryableInternals;
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replaceAll("-", "_")}`;
    await admin.executeScript?.(`CREATE DATABASE "${database}"`);
    const shadow = await new MigrationPgAdapterFactory({ ...this.poolConfig, database }).connect();
    const shadowInternals = shadow as unknown as PgQueryableInternals;
    const { rows } = await shadowInternals.queryRaw(raw("select current_database()"));
    if (rows[0]?.[0] !== database) {
      await shadowInternals.dispose();
      throw new Error("The database server ignored the shadow database name (PGlite?). Set SHADOW_DATABASE_URL to a scratch database.");
    }
    const closeShadow = shadowInternals.dispose.bind(shadowInternals);
    // Close the shadow pool before dropping its database, or DROP fails with "being accessed".
    shadowInternals.dispose = async () => {
      await closeShadow();
      await admin.executeScript?.(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }

  private async resetShadow(url: string) {
    const shadow = await new MigrationPgAdapterFactory(toPoolConfig(url, {})).connect();
    await (shadow as unknown as PgQueryableInternals).executeScript?.("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
    return shadow;
  }
}

export function createPgAdapter(url: string, extra: pg.PoolConfig = {}, shadowUrl?: string) {
  return new MigrationPgAdapterFactory(toPoolConfig(url, extra), shadowUrl);
}
