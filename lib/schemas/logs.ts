/**
 * The built-in log store (issue 13): search, context, download, live tail, the declared stores and
 * what each node's agent has shipped. Lines are an organisation's only: every endpoint is scoped to
 * the caller's organisation.
 *
 * Query syntax of `q`: words outside double quotes are a full-text search (every word must occur as
 * a word, case-insensitive: PostgreSQL's 'simple' configuration); each "quoted part" must occur as a
 * substring (case-insensitive). Both can be combined: `timeout "user 42"`.
 */
import { z } from "zod";
import { idSchema, isoDateSchema, listOf } from "./common";
import { endpoint } from "./endpoint";

/** A line's id: log_lines.id, a bigint, as a decimal string. */
export const logLineIdSchema = z.string().regex(/^[0-9]{1,19}$/, "must be a log line id");
/** Opaque page cursor (the last line's time and id). */
export const logCursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be a cursor from a previous page");
export const logStreamSchema = z.enum(["stdout", "stderr", "file"]);
const storeNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a log store name");

/** [start, end) offsets into `text` (UTF-16 code units, as JavaScript strings index) of one match. */
export const logHighlightSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const logLineViewSchema = z.object({
  id: logLineIdSchema,
  /** When the line was written (engine timestamp or read time for files). */
  ts: isoDateSchema,
  receivedAt: isoDateSchema,
  /** null when the application was deleted or not known when the line arrived. */
  applicationId: idSchema.nullable(),
  application: z.string(),
  service: z.string(),
  task: z.string().nullable(),
  container: z.string(),
  nodeId: idSchema,
  store: z.string(),
  stream: logStreamSchema,
  /** For file stores: the file's path inside the container. */
  file: z.string().nullable(),
  text: z.string(),
  /** The agent cut the line at 16 KiB. */
  truncated: z.boolean(),
  /** Where `q` matched in `text` (empty without `q`). */
  highlights: z.array(logHighlightSchema),
});
export type LogLineView = z.infer<typeof logLineViewSchema>;

/** The filters shared by search, download and tail. */
export const logFiltersSchema = z.object({
  q: z.string().trim().max(500).optional(),
  applicationId: idSchema.optional(),
  /** Compose service name (with or without applicationId). */
  service: z.string().min(1).max(200).optional(),
  task: z.string().min(1).max(64).optional(),
  store: storeNameSchema.optional(),
  stream: logStreamSchema.optional(),
  nodeId: idSchema.optional(),
  /** Lines written at or after `from` and before `to`. */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type LogFilters = z.infer<typeof logFiltersSchema>;

export const searchLogsQuerySchema = logFiltersSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: logCursorSchema.optional(),
});
export type SearchLogsQuery = z.infer<typeof searchLogsQuerySchema>;

export const logSearchResultSchema = z.object({
  /** Newest first. */
  items: z.array(logLineViewSchema),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: logCursorSchema.nullable(),
  /** How `q` was read: the words searched as text and the quoted substrings. */
  query: z.object({ words: z.array(z.string()), substrings: z.array(z.string()) }),
});
export type LogSearchResult = z.infer<typeof logSearchResultSchema>;

export const logContextQuerySchema = z.object({
  lineId: logLineIdSchema,
  before: z.coerce.number().int().min(0).max(500).default(20),
  after: z.coerce.number().int().min(0).max(500).default(20),
});
export type LogContextQuery = z.infer<typeof logContextQuerySchema>;

/** Lines of the same container (same store) around one line, oldest first; `lineId` is among them. */
export const logContextSchema = z.object({ lineId: logLineIdSchema, items: z.array(logLineViewSchema) });
export type LogContext = z.infer<typeof logContextSchema>;

export const LOG_DOWNLOAD_MAX_LINES = 100_000;
export const downloadLogsQuerySchema = logFiltersSchema.extend({
  format: z.enum(["ndjson", "text"]).default("ndjson"),
  limit: z.coerce.number().int().min(1).max(LOG_DOWNLOAD_MAX_LINES).default(10_000),
});
export type DownloadLogsQuery = z.infer<typeof downloadLogsQuerySchema>;

/** Live tail: the filters (without from/to), as Server-Sent Events. */
export const tailLogsQuerySchema = logFiltersSchema.omit({ from: true, to: true }).extend({
  /** Lines of the last `backfill` before following (0: only new ones). */
  backfill: z.coerce.number().int().min(0).max(500).default(50),
  /** "false": send the backfill and end (like the service log stream's follow=false). */
  follow: z.enum(["true", "false"]).default("true"),
});
export type TailLogsQuery = z.infer<typeof tailLogsQuerySchema>;

export const logStoreViewSchema = z.object({
  id: idSchema,
  applicationId: idSchema,
  applicationName: z.string(),
  serviceId: idSchema,
  service: z.string(),
  name: z.string(),
  /** "stdout" or a glob inside the container. */
  source: z.string(),
  ttlDays: z.number().int(),
  /** Lines and bytes of text stored now, and the newest line's time (null: none yet). */
  lines: z.number().int(),
  bytes: z.number().int(),
  lastLineAt: isoDateSchema.nullable(),
});
export type LogStoreView = z.infer<typeof logStoreViewSchema>;

export const logIngestNodeSchema = z.object({
  nodeId: idSchema,
  hostname: z.string(),
  clusterId: idSchema,
  epoch: z.string(),
  lastSeq: z.number().int(),
  /** Lines the agent's full disk buffer dropped (oldest first) since its buffer was created. */
  droppedTotal: z.number().int(),
  updatedAt: isoDateSchema,
});
export type LogIngestNode = z.infer<typeof logIngestNodeSchema>;

const e = { tags: ["logs"], auth: "org" as const, permission: "apps.read" as const };
export const logEndpoints = {
  search: endpoint({
    ...e,
    id: "logs.search",
    method: "GET",
    path: "/logs",
    summary: 'Search the organisation\'s stored log lines (full text and "quoted substrings", filters), newest first, with match offsets.',
    query: searchLogsQuerySchema,
    response: logSearchResultSchema,
  }),
  context: endpoint({
    ...e,
    id: "logs.context",
    method: "GET",
    path: "/logs/context",
    summary: "Lines of the same container and store before and after one line.",
    query: logContextQuerySchema,
    response: logContextSchema,
  }),
  download: endpoint({
    ...e,
    id: "logs.download",
    method: "GET",
    path: "/logs/download",
    summary: `A result set as a file (NDJSON or text), newest first, streamed; at most ${LOG_DOWNLOAD_MAX_LINES} lines.`,
    query: downloadLogsQuerySchema,
    response: z.string().describe("application/x-ndjson (one LogLineView per line) or text/plain"),
  }),
  tail: endpoint({
    ...e,
    id: "logs.tail",
    method: "GET",
    path: "/logs/tail",
    summary: "Live tail of stored lines matching the filters, as Server-Sent Events.",
    query: tailLogsQuerySchema,
    response: z
      .string()
      .describe("text/event-stream: `event: lines` with JSON LogLineView[] (oldest first), `event: open`, keep-alive comments"),
  }),
  stores: endpoint({
    ...e,
    id: "logs.stores",
    method: "GET",
    path: "/log-stores",
    summary: "The log stores the organisation's services declare, with retention, lines, bytes and the last line.",
    query: z.object({ applicationId: idSchema.optional() }),
    response: listOf(logStoreViewSchema),
  }),
  nodes: endpoint({
    ...e,
    id: "logs.nodes",
    method: "GET",
    path: "/logs/nodes",
    summary: "What each node's agent has shipped, and how many lines its full buffer dropped.",
    query: z.object({ clusterId: idSchema.optional() }),
    response: listOf(logIngestNodeSchema),
  }),
};
