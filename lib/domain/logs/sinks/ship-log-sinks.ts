/**
 * Ships an organisation's newly stored lines to its sinks, each from its own cursor (the last line
 * id it took). A sink that fails keeps its cursor and records the error; the next run sends the
 * same lines again, so a sink that was down catches up. Two runs at once may send a batch twice
 * (the cursor moves by compare-and-set): sinks see a line at least once.
 */
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { sendToSink, SinkError, type SinkLine, type SinkNetwork } from "@/lib/drivers/log-sinks";
import type { Logger } from "@/lib/logger";
import type { LogRow } from "../log-rows";

const BATCH = 1_000;

/** The columns of log_lines a sink is sent. */
type LineRow = Pick<
  LogRow,
  "id" | "ts" | "application" | "service" | "task" | "container" | "node_id" | "store" | "stream" | "file" | "text"
>;

export type ShipLogSinkOptions = {
  sinkId: string;
  log?: Logger;
  network?: SinkNetwork;
  /** Batches per run (the next run goes on). */
  maxBatches?: number;
  /**
   * Only lines received at least this long ago: an id is taken at insert, visible at commit, so a
   * line with a lower id than one already shipped can still appear for a moment.
   */
  settleMs?: number;
};

export type ShipResult = { shipped: number; error: string | null };

export async function shipLogSink({ sinkId, log, network, maxBatches = 10, settleMs = 5_000 }: ShipLogSinkOptions): Promise<ShipResult> {
  const sink = await prisma.logSink.findFirst({
    where: { id: sinkId, enabled: true },
    select: {
      id: true,
      orgId: true,
      kind: true,
      url: true,
      settings: true,
      secretEnc: true,
      cursorId: true,
      org: { select: { slug: true } },
    },
  });
  if (!sink) return { shipped: 0, error: null };
  const credentials: unknown = sink.secretEnc ? JSON.parse(decryptSecret(sink.secretEnc)) : null;
  let cursor = sink.cursorId ?? 0n;
  let shipped = 0;
  for (let i = 0; i < maxBatches; i++) {
    const rows = await prisma.$queryRaw<LineRow[]>`
      SELECT id, ts, application, service, task, container, node_id, store, stream, file, text FROM log_lines
      WHERE org_id = ${sink.orgId} AND id > ${cursor.toString()}::bigint AND received_at < now() - ${`${settleMs} milliseconds`}::interval
      ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    const lines: SinkLine[] = rows.map((r) => ({
      id: r.id.toString(),
      ts: r.ts,
      orgSlug: sink.org.slug,
      application: r.application,
      service: r.service,
      task: r.task,
      container: r.container,
      nodeId: r.node_id,
      store: r.store,
      stream: r.stream,
      file: r.file,
      text: r.text,
    }));
    try {
      await sendToSink({ kind: sink.kind, url: sink.url, settings: sink.settings, credentials, lines, network });
    } catch (err) {
      const message = err instanceof SinkError ? err.message : "sending failed";
      if (!(err instanceof SinkError)) log?.error({ err, sinkId }, "log sink failed");
      await prisma.logSink.updateMany({ where: { id: sink.id }, data: { lastError: message.slice(0, 1000), lastErrorAt: new Date() } });
      return { shipped, error: message };
    }
    const last = rows[rows.length - 1];
    if (!last) break;
    const moved = await prisma.logSink.updateMany({
      where: { id: sink.id, cursorId: cursor },
      data: {
        cursorId: last.id,
        cursorTs: last.ts,
        shippedTotal: { increment: rows.length },
        lastShippedAt: new Date(),
        lastError: null,
        lastErrorAt: null,
      },
    });
    if (moved.count === 0) break; // another run moved it (or the sink was deleted): it goes on from there
    cursor = last.id;
    shipped += rows.length;
    if (rows.length < BATCH) break;
  }
  return { shipped, error: null };
}

/** Every enabled sink, one after another (job logs.ship-sinks). */
export async function shipLogSinks({ log, network }: { log?: Logger; network?: SinkNetwork } = {}) {
  const sinks = await prisma.logSink.findMany({
    where: { enabled: true },
    select: { id: true },
    orderBy: { lastShippedAt: { sort: "asc", nulls: "first" } },
  });
  let shipped = 0;
  let failed = 0;
  for (const s of sinks) {
    const r = await shipLogSink({ sinkId: s.id, log, network });
    shipped += r.shipped;
    if (r.error) failed++;
  }
  return { sinks: sinks.length, shipped, failed };
}
