import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { LogContext, LogContextQuery } from "@/lib/schemas/logs";
import { microsToTs } from "./log-query";
import { LOG_COLUMNS, toLogLineView, type LogRow } from "./log-rows";

const NO_QUERY = { words: [], substrings: [] };

/**
 * Lines written by the same container to the same store just before and after one line (oldest
 * first). Only a line of the caller's organisation is found; its neighbours are looked up with the
 * organisation in the WHERE clause too, within a day on either side.
 */
export async function getLogContext({
  orgId,
  lineId,
  before,
  after,
  db = prisma,
}: LogContextQuery & { orgId: string; db?: DbClient }): Promise<LogContext> {
  const [line] = await db.$queryRaw<
    LogRow[]
  >`SELECT ${LOG_COLUMNS} FROM log_lines WHERE id = ${lineId}::bigint AND org_id = ${orgId} LIMIT 1`;
  if (!line) throw notFound("Log line");
  const at = microsToTs(line.ts_us);
  // Same application/service/store lets the (application_id, service, store, ts) index find them.
  const same = [
    Prisma.sql`org_id = ${orgId}`,
    line.application_id ? Prisma.sql`application_id = ${line.application_id}` : Prisma.sql`application_id IS NULL`,
    Prisma.sql`service = ${line.service}`,
    Prisma.sql`store = ${line.store}`,
    Prisma.sql`container = ${line.container}`,
  ];
  const where = Prisma.join(same, " AND ");
  const older =
    before === 0
      ? []
      : await db.$queryRaw<LogRow[]>`
    SELECT ${LOG_COLUMNS} FROM log_lines WHERE ${where} AND (ts, id) < (${at}, ${line.id}::bigint) AND ts <= ${at} AND ts >= ${at} - interval '1 day'
    ORDER BY ts DESC, id DESC LIMIT ${before}`;
  const newer =
    after === 0
      ? []
      : await db.$queryRaw<LogRow[]>`
    SELECT ${LOG_COLUMNS} FROM log_lines WHERE ${where} AND (ts, id) > (${at}, ${line.id}::bigint) AND ts >= ${at} AND ts <= ${at} + interval '1 day'
    ORDER BY ts ASC, id ASC LIMIT ${after}`;
  const items = [...older.reverse(), line, ...newer].map((r) => toLogLineView(r, NO_QUERY));
  return { lineId: line.id.toString(), items };
}
