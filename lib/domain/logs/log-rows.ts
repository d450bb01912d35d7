/** The columns every read of log_lines selects, and how a row becomes the API's LogLineView. */
import { Prisma } from "@prisma/client";
import type { LogLineView } from "@/lib/schemas/logs";
import { highlightRanges, type ParsedLogQuery } from "./log-query";

export type LogRow = {
  id: bigint;
  ts_us: bigint;
  ts: Date;
  received_at: Date;
  application_id: string | null;
  application: string;
  service: string;
  task: string | null;
  container: string;
  node_id: string;
  store: string;
  stream: "stdout" | "stderr" | "file";
  file: string | null;
  text: string;
  truncated: boolean;
};

/** ts_us: the exact time in microseconds (a Date keeps milliseconds), for cursors. */
export const LOG_COLUMNS = Prisma.raw(
  `id, (extract(epoch from ts) * 1000000)::bigint AS ts_us, ts, received_at, application_id, application, service, task, container, node_id, store, stream, file, text, truncated`,
);

/** A row as plain `pg` returns it (int8 as text) in LogRow's types. */
export function fromPg(raw: Record<string, unknown>): LogRow {
  return { ...(raw as unknown as LogRow), id: BigInt(raw.id as string), ts_us: BigInt(raw.ts_us as string) };
}

export function toLogLineView(row: LogRow, query: ParsedLogQuery): LogLineView {
  return {
    id: row.id.toString(),
    ts: row.ts.toISOString(),
    receivedAt: row.received_at.toISOString(),
    applicationId: row.application_id,
    application: row.application,
    service: row.service,
    task: row.task,
    container: row.container,
    nodeId: row.node_id,
    store: row.store,
    stream: row.stream,
    file: row.file,
    text: row.text,
    truncated: row.truncated,
    highlights: query.words.length || query.substrings.length ? highlightRanges(row.text, query) : [],
  };
}
