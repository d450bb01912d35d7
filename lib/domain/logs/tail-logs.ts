import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import type { LogFilters, TailLogsQuery } from "@/lib/schemas/logs";
import { logWhere, parseLogQuery, type ParsedLogQuery } from "./log-query";
import { LOG_COLUMNS, toLogLineView, type LogRow } from "./log-rows";
import { searchLogRows } from "./search-logs";

const encoder = new TextEncoder();
const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

export type TailLogsOptions = TailLogsQuery & {
  orgId: string;
  log: Logger;
  db?: DbClient;
  pollMs?: number;
  /** The stream ends after this long (the console reconnects). */
  maxMs?: number;
};

/** At most this many lines per poll: a tail is for reading; a flood shows its newest part. */
const MAX_PER_POLL = 500;
/**
 * Ids are taken when a line is inserted, but a batch becomes visible at its commit, so a smaller
 * id can appear after a larger one was seen. Each poll looks again at ids from this far back (and
 * skips those already sent): batches commit within a few hundred milliseconds of their ids.
 */
const LOOKBACK_MS = 10_000;

/**
 * Live tail of the organisation's stored lines matching the filters, as Server-Sent Events:
 * `open`, then `lines` (oldest first) as they are stored, and `end` when it stops. The store is
 * polled, so every gateway's lines appear whichever process holds the stream.
 */
export function tailLogs({
  orgId,
  log,
  db = prisma,
  pollMs = 1_000,
  maxMs = 30 * 60_000,
  backfill,
  follow,
  ...filters
}: TailLogsOptions): ReadableStream<Uint8Array> {
  const query = parseLogQuery(filters.q);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const started = Date.now();
      const sent = new Set<string>();
      const marks: Array<{ at: number; id: bigint }> = [];
      let floor = 0n;
      const emit = (rows: LogRow[]) => {
        const fresh = rows.filter((r) => !sent.has(r.id.toString()));
        for (const r of fresh) sent.add(r.id.toString());
        if (fresh.length)
          controller.enqueue(
            event(
              "lines",
              fresh.map((r) => toLogLineView(r, query)),
            ),
          );
      };
      const end = (error: string | null) => {
        if (stopped) return;
        stop();
        controller.enqueue(event("end", { error }));
        controller.close();
      };
      try {
        controller.enqueue(event("open", {}));
        const recent = backfill > 0 ? await searchLogRows({ orgId, filters, query, limit: backfill, db }) : [];
        emit(recent.reverse());
        floor = recent.reduce((m, r) => (r.id > m ? r.id : m), await currentMaxId(db));
        marks.push({ at: Date.now(), id: floor });
      } catch (err) {
        log.error({ err }, "log tail failed to start");
        return end("the log store could not be read");
      }
      if (follow === "false") return end(null);
      const poll = async () => {
        if (stopped) return;
        if (Date.now() - started > maxMs) return end(null);
        try {
          // The floor is the highest id seen LOOKBACK_MS ago: later commits of lower ids are still caught.
          while (marks.length > 1 && (marks[1]?.at ?? 0) <= Date.now() - LOOKBACK_MS) marks.shift();
          const since = marks[0]?.id ?? floor;
          const rows = await newRows({ orgId, query, filters, since, db });
          emit(rows);
          const top = rows.reduce((m, r) => (r.id > m ? r.id : m), marks.at(-1)?.id ?? since);
          marks.push({ at: Date.now(), id: top });
          for (const id of sent) if (BigInt(id) <= since) sent.delete(id);
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch (err) {
          log.error({ err }, "log tail poll failed");
          return end("the log store could not be read");
        }
        if (!stopped) timer = setTimeout(() => void poll(), pollMs);
      };
      timer = setTimeout(() => void poll(), pollMs);
    },
    cancel() {
      stop();
    },
  });
}

async function currentMaxId(db: DbClient): Promise<bigint> {
  // The sequence's last value: no scan. Lines not yet committed below it are caught by the lookback.
  const [row] = await db.$queryRaw<Array<{ v: bigint | null }>>`SELECT last_value AS v FROM log_lines_id_seq`;
  return row?.v ?? 0n;
}

async function newRows(o: { orgId: string; query: ParsedLogQuery; filters: LogFilters; since: bigint; db: DbClient }): Promise<LogRow[]> {
  // ts bound: only the last day's partitions are looked at (a line buffered for longer is
  // searchable, but not "live").
  return o.db.$queryRaw<LogRow[]>`
    SELECT ${LOG_COLUMNS} FROM log_lines
    WHERE ${logWhere(o.orgId, o.filters, o.query)} AND id > ${o.since.toString()}::bigint AND ts >= now() - interval '1 day'
    ORDER BY id ASC LIMIT ${Prisma.raw(String(MAX_PER_POLL))}`;
}
