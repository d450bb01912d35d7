/** The columns every read of log_lines selects, and how a row becomes the API's LogLineView. */
import { Prisma } from "@prisma/client";
import { z } from "zod";
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

/** A log_lines row as plain `pg` returns it: int8 as text, timestamps as Date (coerced either way). */
const pgLogRowSchema = z.object({
  id: z.coerce.bigint(),
  ts_us: z.coerce.bigint(),
  ts: z.coerce.date(),
  received_at: z.coerce.date(),
  application_id: z.string().nullable(),
  application: z.string(),
  service: z.string(),
  task: z.string().nullable(),
  container: z.string(),
  node_id: z.string(),
  store: z.string(),
  stream: z.enum(["stdout", "stderr", "file"]),
  file: z.string().nullable(),
  text: z.string(),
  truncated: z.boolean(),
}) satisfies z.ZodType<LogRow, unknown>;

/** ts_us: the exact time in microseconds (a Date keeps milliseconds), for cursors. */
export const LOG_COLUMNS = Prisma.raw(
  `id, (extract(epoch from ts) * 1000000)::bigint AS ts_us, ts, received_at, application_id, application, service, task, container, node_id, store, stream, file, text, truncated`,
);

/** A row as plain `pg` returns it (int8 as text) in LogRow's types. */
export function fromPg(raw: Record<string, unknown>): LogRow {
  return pgLogRowSchema.parse(raw);
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
