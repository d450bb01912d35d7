import type { DbClient } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import type { DownloadLogsQuery, LogLineView } from "@/lib/schemas/logs";
import { parseLogQuery } from "./log-query";
import { toLogLineView } from "./log-rows";
import { searchLogRows } from "./search-logs";

const PAGE = 1_000;
const encoder = new TextEncoder();

export type LogDownload = { body: ReadableStream<Uint8Array>; contentType: string; filename: string };

const textLine = (l: LogLineView) =>
  `${l.ts} ${l.application}/${l.service} ${l.task ?? "-"} [${l.store}/${l.stream}${l.file ? ` ${l.file}` : ""}] ${l.text}\n`;

/**
 * A result set as a file, newest first, read a page at a time while the client takes it (the
 * stream pulls the next page only when the previous one was consumed), never more than `limit`
 * lines. The query is parsed before the response starts, so a bad one is a 4xx, not a broken file.
 */
export function downloadLogs({
  orgId,
  db,
  log,
  ...filters
}: DownloadLogsQuery & { orgId: string; db?: DbClient; log?: Logger }): LogDownload {
  const query = parseLogQuery(filters.q);
  let sent = 0;
  let after: { tsMicros: bigint; id: bigint } | undefined;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      try {
        const limit = Math.min(PAGE, filters.limit - sent);
        const rows = await searchLogRows({ orgId, filters, query, limit, after, db });
        const last = rows.at(-1);
        if (last) after = { tsMicros: last.ts_us, id: last.id };
        sent += rows.length;
        done = rows.length < limit || sent >= filters.limit;
        const views = rows.map((r) => toLogLineView(r, query));
        const chunk = views.map((v) => (filters.format === "text" ? textLine(v) : `${JSON.stringify(v)}\n`)).join("");
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (done) controller.close();
      } catch (err) {
        log?.error({ err }, "log download failed half-way");
        controller.error(err);
      }
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return {
    body,
    contentType: filters.format === "text" ? "text/plain; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    filename: `logs-${stamp}.${filters.format === "text" ? "log" : "ndjson"}`,
  };
}
