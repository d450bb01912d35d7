/**
 * Log collection (issue 13): the stores a service declares, as the agent reads them off its
 * containers, and the batches the agent ships with at-least-once delivery.
 *
 * The compose labels (`aliyun.log_store_<name>`, `aliyun.log_ttl_<name>`, `aliyun.logs.<name>`,
 * their `wharf.` twins) are parsed once, by lib/compose; the compiler writes the result onto each
 * container as one label, LOG_STORES_LABEL, so the agent (which imports only this folder) never
 * parses compose labels itself.
 *
 * Delivery: the agent numbers every line it collects (`seq`, strictly increasing within one
 * `epoch`; the epoch is a random id made when the agent's on-disk buffer is created, so a lost
 * buffer can never replay old numbers). Lines stay in that buffer until the gateway acknowledges
 * them with `logs.ack` — sent only after they are committed in PostgreSQL. A batch sent twice (the
 * ack was lost in a reconnect) is stored once: (node, epoch, seq) is unique in the store.
 * Organisation, cluster and node come from the connection's credential, never from the message.
 */
import { z } from "zod";

/** Container label carrying the service's declared stores (JSON of LogStoreDeclaration[]). */
export const LOG_STORES_LABEL = "wharf.log-stores";

export const logStoreDeclarationSchema = z.object({
  /** The `<name>` of `log_store_<name>`: letters, digits, `_` and `-`. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** "stdout" (the container's stdout and stderr) or an absolute glob inside the container. */
  source: z.union([z.literal("stdout"), z.string().regex(/^\//).max(1024)]),
});
export type LogStoreDeclaration = z.infer<typeof logStoreDeclarationSchema>;

/** The label value the compiler writes (stable order: by name). */
export function encodeLogStores(stores: LogStoreDeclaration[]): string {
  return JSON.stringify([...stores].sort((a, b) => a.name.localeCompare(b.name)).map(({ name, source }) => ({ name, source })));
}

/** The stores a container declares; [] when the label is absent or not valid (never throws). */
export function decodeLogStores(value: string | undefined): LogStoreDeclaration[] {
  if (!value) return [];
  try {
    const parsed = z.array(logStoreDeclarationSchema).max(32).safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** At most this many lines per batch, and this many bytes of text per line (longer lines are cut, with `truncated`). */
export const MAX_LOG_BATCH_LINES = 1_000;
export const MAX_LOG_LINE_BYTES = 16_384;

export const logLineSchema = z.object({
  seq: z.number().int().nonnegative(),
  /** When the line was written (the engine's timestamp for stdout; when it was read, for files), ISO 8601. */
  ts: z.string().max(64),
  store: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  stream: z.enum(["stdout", "stderr", "file"]),
  /** For file stores: the file's path inside the container. */
  file: z.string().max(1024).optional(),
  /** The container's wharf.app / wharf.service labels (compose names), task id and container id (12 chars). */
  application: z.string().min(1).max(200),
  service: z.string().min(1).max(200),
  task: z.string().max(64).nullable(),
  container: z.string().min(1).max(64),
  text: z.string().max(MAX_LOG_LINE_BYTES),
  truncated: z.boolean().optional(),
});
export type LogLine = z.infer<typeof logLineSchema>;

/** agent → control plane: lines in seq order; only to gateways of LOGS_PROTOCOL_VERSION or more. */
export const logsMessageSchema = z.object({
  type: z.literal("logs"),
  epoch: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  lines: z.array(logLineSchema).min(1).max(MAX_LOG_BATCH_LINES),
  /** Lines the agent's buffer dropped (oldest first, because it was full) since the epoch began. */
  droppedTotal: z.number().int().nonnegative(),
});
export type LogsMessage = z.infer<typeof logsMessageSchema>;

/** control plane → agent: every line of `epoch` up to and including `upTo` is stored. */
export const logsAckSchema = z.object({
  type: z.literal("logs.ack"),
  epoch: z.string().max(64),
  upTo: z.number().int().nonnegative(),
});
export type LogsAck = z.infer<typeof logsAckSchema>;
