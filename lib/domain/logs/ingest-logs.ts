/**
 * Stores one `logs` batch from a node's agent (lib/protocol/logs.ts) in one statement (so one transaction): the lines
 * (a line already stored — the batch was sent again because its ack was lost — is skipped by the
 * (node, epoch, seq, ts) unique index), the per-store counters and the node's ingest state. The
 * caller acknowledges the batch only after this returns: never before the commit.
 *
 * Organisation, cluster and node are the connection's (its credential's), never the message's.
 */
import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import { envValue } from "@/lib/env";
import type { LogsMessage } from "@/lib/protocol/logs";
import { ApplicationResolver } from "./application-resolver";
import { dayOf, ensureLogPartitions } from "./log-partitions";

export type IngestLogsOptions = {
  orgId: string;
  clusterId: string;
  nodeId: string;
  message: LogsMessage;
  /** Application ids by name (a gateway keeps one, with a cache); default: a fresh one. */
  applications?: ApplicationResolver;
  db?: DbClient;
  now?: Date;
};

export type IngestLogsResult = {
  /** The highest seq of the batch: everything up to it is stored (or deliberately not kept). */
  upTo: number;
  inserted: number;
  duplicates: number;
  /** Lines older than the installation keeps any line (LOG_TTL_MAX_DAYS): acknowledged, not stored. */
  expired: number;
};

const DAY_MS = 86_400_000;

/** The line's time, or null when it is not a time. Milliseconds: what a JavaScript Date carries back. */
function lineTime(ts: string): number | null {
  const t = Date.parse(ts);
  return Number.isFinite(t) ? t : null;
}

export async function ingestLogs(o: IngestLogsOptions): Promise<IngestLogsResult> {
  const db = o.db ?? prisma;
  const now = (o.now ?? new Date()).getTime();
  const oldest = now - envValue("LOG_TTL_MAX_DAYS") * DAY_MS;
  const { message } = o;
  const upTo = Math.max(...message.lines.map((l) => l.seq));
  const kept = message.lines.flatMap((line) => {
    let t = lineTime(line.ts) ?? now;
    // A clock far ahead would make partitions for days that never come: such lines are filed at arrival.
    if (t > now + DAY_MS) t = now;
    return t < oldest ? [] : [{ line, t }];
  });
  const applications = o.applications ?? new ApplicationResolver();
  const ids = await applications.resolve({ orgId: o.orgId, clusterId: o.clusterId, names: kept.map((k) => k.line.application), db });
  await ensureLogPartitions({ days: kept.map((k) => dayOf(k.t)), db });

  const col = <T>(f: (k: (typeof kept)[number]) => T) => kept.map(f);
  // PostgreSQL text cannot hold NUL; everything else is stored as the agent sent it.
  const texts = col((k) => (k.line.text.includes("\u0000") ? k.line.text.replaceAll("\u0000", "\uFFFD") : k.line.text));
  // Within an epoch lastSeq only grows (a late re-send cannot move it back); a new epoch (a new
  // buffer on the node) starts over, and so does its dropped-lines counter.
  const state = Prisma.sql`
    INSERT INTO "LogIngestState" ("nodeId", "orgId", "epoch", "lastSeq", "droppedTotal", "updatedAt")
    VALUES (${o.nodeId}, ${o.orgId}, ${message.epoch}, ${upTo}, ${message.droppedTotal}, now())
    ON CONFLICT ("nodeId") DO UPDATE SET
      "epoch" = excluded."epoch",
      "lastSeq" = CASE WHEN "LogIngestState"."epoch" = excluded."epoch" THEN greatest("LogIngestState"."lastSeq", excluded."lastSeq") ELSE excluded."lastSeq" END,
      "droppedTotal" = CASE WHEN "LogIngestState"."epoch" = excluded."epoch" THEN greatest("LogIngestState"."droppedTotal", excluded."droppedTotal") ELSE excluded."droppedTotal" END,
      "updatedAt" = now()`;
  if (kept.length === 0) {
    await db.$executeRaw(state);
    return { upTo, inserted: 0, duplicates: 0, expired: message.lines.length };
  }
  // One statement, so one transaction and one round trip: the lines, the stores' counters and the
  // node's ingest state commit together or not at all.
  const rows = await db.$queryRaw<Array<{ inserted: bigint }>>`
    WITH ins AS (
      INSERT INTO log_lines (org_id, cluster_id, node_id, application_id, application, service, task, container, store, stream, file, ts, epoch, seq, text, truncated)
      SELECT ${o.orgId}, ${o.clusterId}, ${o.nodeId}, u.application_id, u.application, u.service, u.task, u.container, u.store, u.stream, u.file, u.ts, ${message.epoch}, u.seq, u.text, u.truncated
      FROM unnest(${col((k) => ids.get(k.line.application) ?? null)}::text[], ${col((k) => k.line.application)}::text[], ${col((k) => k.line.service)}::text[],
                  ${col((k) => k.line.task)}::text[], ${col((k) => k.line.container)}::text[], ${col((k) => k.line.store)}::text[], ${col((k) => k.line.stream)}::text[],
                  ${col((k) => k.line.file ?? null)}::text[], ${col((k) => new Date(k.t).toISOString())}::timestamptz[], ${col((k) => String(k.line.seq))}::bigint[],
                  ${texts}::text[], ${col((k) => k.line.truncated ?? false)}::boolean[])
        AS u(application_id, application, service, task, container, store, stream, file, ts, seq, text, truncated)
      ON CONFLICT DO NOTHING
      RETURNING application_id, service, store, ts, octet_length(text) AS bytes
    ), stats AS (
      INSERT INTO log_store_stats (org_id, application_id, service, store, day, lines, bytes, last_ts)
      SELECT ${o.orgId}, application_id, service, store, (ts AT TIME ZONE 'UTC')::date, count(*), sum(bytes), max(ts)
      FROM ins WHERE application_id IS NOT NULL
      GROUP BY application_id, service, store, (ts AT TIME ZONE 'UTC')::date
      -- One order for every writer, so two batches of the same store never deadlock.
      ORDER BY application_id, service, store, 5
      ON CONFLICT (application_id, service, store, day) DO UPDATE SET
        lines = log_store_stats.lines + excluded.lines,
        bytes = log_store_stats.bytes + excluded.bytes,
        last_ts = greatest(log_store_stats.last_ts, excluded.last_ts)
      RETURNING 1
    ), state AS (${state} RETURNING 1)
    SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM stats) AS stat_rows, (SELECT count(*) FROM state) AS state_rows`;
  const inserted = Number(rows[0]?.inserted ?? 0);
  return { upTo, inserted, duplicates: kept.length - inserted, expired: message.lines.length - kept.length };
}
