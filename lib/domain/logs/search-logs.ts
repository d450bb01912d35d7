import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import type { LogFilters, LogSearchResult, SearchLogsQuery } from "@/lib/schemas/logs";
import { decodeLogCursor, encodeLogCursor, logWhere, microsToTs, parseLogQuery, type ParsedLogQuery } from "./log-query";
import { fromPg, LOG_COLUMNS, toLogLineView, type LogRow } from "./log-rows";
import { raceSearchPlans } from "./search-race";

export type SearchLogsOptions = SearchLogsQuery & { orgId: string; db?: DbClient };

/** One page of raw rows, newest first, older than `after` when given (shared by search and download). */
export async function searchLogRows(o: {
  orgId: string;
  filters: LogFilters;
  query: ParsedLogQuery;
  limit: number;
  after?: { tsMicros: bigint; id: bigint };
  db?: DbClient;
}): Promise<LogRow[]> {
  const db = o.db ?? prisma;
  const where = [logWhere(o.orgId, o.filters, o.query)];
  if (o.after) where.push(Prisma.sql`(ts, id) < (${microsToTs(o.after.tsMicros)}, ${o.after.id.toString()}::bigint)`);
  const sql = Prisma.sql`SELECT ${LOG_COLUMNS} FROM log_lines WHERE ${Prisma.join(where, " AND ")} ORDER BY ts DESC, id DESC LIMIT ${o.limit}`;
  // Words or substrings: two plans race (search-race.ts). Not inside a caller's transaction.
  if (o.query.words.length + o.query.substrings.length > 0 && !o.db) return (await raceSearchPlans(sql)).map(fromPg);
  return db.$queryRaw<LogRow[]>(sql);
}

/**
 * Search the organisation's stored lines: filters, words and "quoted substrings", newest first,
 * with where each line matched. The organisation is in the WHERE clause of the one query.
 */
export async function searchLogs({ orgId, db, ...filters }: SearchLogsOptions): Promise<LogSearchResult> {
  const query = parseLogQuery(filters.q);
  const after = filters.cursor ? decodeLogCursor(filters.cursor) : undefined;
  const rows = await searchLogRows({ orgId, filters, query, limit: filters.limit + 1, after, db });
  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toLogLineView(r, query)),
    nextCursor: rows.length > filters.limit && last ? encodeLogCursor({ tsMicros: last.ts_us, id: last.id }) : null,
    query,
  };
}
