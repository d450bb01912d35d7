/**
 * Searches with words or substrings run two plans at once and keep the first answer.
 *
 * PostgreSQL cannot tell a frequent term from a rare one well enough to choose between its two
 * plans, and a wrong choice costs seconds over millions of lines (measured with bench/logs.ts):
 * walking the (org_id, ts) index newest first and checking each line is instant when matches are
 * common and reads everything when they are rare; the trigram index is the other way round. Each
 * plan runs on its own connection of a small pool kept for this (plain `pg`, so a connection can
 * be thrown away): the loser's connection is destroyed, and its backend notices within
 * client_connection_check_interval and stops — no pg_cancel_backend, which could hit whatever that
 * backend runs next.
 */
import pg from "pg";
import type { Prisma } from "@prisma/client";
import { envValue } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Longest any search may take; past it the caller is asked to narrow the search. */
const SEARCH_LIMIT_MS = 15_000;

const PLANS = [
  ["enable_bitmapscan = off", "enable_sort = off", "enable_seqscan = off"], // the newest-first walk
  ["enable_indexscan = off"], // the trigram index (bitmap scans)
];

let pool: pg.Pool | undefined;
function searchPool(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: envValue("DATABASE_URL"), max: 8, idleTimeoutMillis: 30_000 });
  return pool;
}

type Raw = Record<string, unknown>;

type Race = { clients: Array<pg.PoolClient | undefined>; over: boolean };

async function runPlan(race: Race, plan: number, query: Prisma.Sql): Promise<Raw[]> {
  const client = await searchPool().connect();
  if (race.over) {
    client.release(true);
    throw new Error("the other plan answered first");
  }
  race.clients[plan] = client;
  await client.query("BEGIN");
  for (const s of [...(PLANS[plan] ?? []), `statement_timeout = ${SEARCH_LIMIT_MS}`, "client_connection_check_interval = 100"])
    await client.query(`SET LOCAL ${s}`);
  const res = await client.query<Raw>(query.text, query.values as unknown[]);
  await client.query("COMMIT");
  return res.rows;
}

/** Both plans for `query`; rows as `pg` returns them (bigints as strings). */
export async function raceSearchPlans(query: Prisma.Sql): Promise<Raw[]> {
  const race: Race = { clients: [], over: false };
  let winner: number | undefined;
  const attempts = PLANS.map((_, plan) => runPlan(race, plan, query).then((rows) => ((winner ??= plan), rows)));
  try {
    return await Promise.any(attempts);
  } catch (err) {
    const first = (err as AggregateError).errors?.find((e: { code?: string }) => e.code === "57014") as { code?: string } | undefined;
    if (first)
      throw new AppError("INVALID_INPUT", "This search would take too long: narrow it with a time range, an application or longer words", [
        { path: "q", message: "too broad" },
      ]);
    throw (err as AggregateError).errors?.[0] ?? err;
  } finally {
    race.over = true;
    // The winner's connection goes back to the pool; the other one is destroyed (mid-query or not).
    race.clients.forEach((c, plan) => c?.release(plan === winner ? undefined : true));
    void Promise.allSettled(attempts);
  }
}

export async function closeSearchPool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
