/**
 * The agent's on-disk log buffer (<state-dir>/logs): every collected line gets the next seq of the
 * buffer's epoch and stays here until the control plane acknowledges it, so neither a gateway that
 * is away nor an agent restart loses a line. Bounded: past `maxBytes` the oldest segments are
 * dropped, acknowledged or not, and the lines lost that way are counted (droppedTotal, sent with
 * every batch).
 *
 * Lines are committed in memory (commit() is synchronous, so a collector updates its read position
 * in the same tick as the lines it read) and flushed every few hundred milliseconds; only flushed
 * lines are handed to the shipper. That matters: after a crash the seqs of unflushed lines are
 * given again to whatever is collected next, which must never reach a store that has already seen
 * those numbers.
 */
import { open, readFile, rename, unlink, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { LogLine } from "@/lib/protocol/logs";
import type { Logger } from "../log/logger";
import { checkpointRecord, closedSegmentName, openSegmentName, parseSegment } from "./buffer-segments";
import { errorCode, loadBufferState, writeAcked, type BufferState, type ClosedSegment } from "./buffer-state";
import type { CollectPositions } from "./positions";

export type LogLineInput = Omit<LogLine, "seq">;

export type LogBufferOptions = {
  dir: string;
  maxBytes: number;
  log: Logger;
  /** A segment is closed past this size (default: maxBytes / 16, between 64 KiB and 8 MiB). */
  segmentBytes?: number;
  flushMs?: number;
  /** fdatasync after each flush (default true): lines survive a power cut, not only a crash. */
  sync?: boolean;
};

type Closed = ClosedSegment;
/** Lines of a segment, and the bytes of each one's JSON (a batch's size is counted in those). */
type Held = { lines: LogLine[]; sizes: number[] };
type Active = Held & { first: number; file: string; handle: FileHandle; bytes: number };

/** Pending (unflushed) bytes past which a flush starts at once, and collectors are told to pause. */
const EAGER_FLUSH_BYTES = 1024 * 1024;
const CONGESTED_BYTES = 8 * 1024 * 1024;
const ACKED_WRITE_MS = 200;

export class LogBuffer {
  readonly epoch: string;
  positions: CollectPositions;
  private closed: Closed[];
  private active: Active | null = null;
  private pending: LogLine[] = [];
  private pendingBytes = 0;
  private nextSeq: number;
  private durableNext: number;
  private dropped: number;
  private acked: number;
  private ackedWritten: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private ackedTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private cache: (Held & { file: string }) | null = null;
  private readonly segmentBytes: number;
  private closing = false;
  /** Positions changed without lines (a container forgotten): the next flush writes a checkpoint anyway. */
  private positionsDirty = false;

  private constructor(
    private readonly options: LogBufferOptions,
    state: BufferState,
  ) {
    this.epoch = state.epoch;
    this.nextSeq = state.nextSeq;
    this.durableNext = state.nextSeq;
    this.dropped = state.dropped;
    this.acked = state.acked;
    this.ackedWritten = state.acked;
    this.positions = state.positions;
    this.closed = state.closed;
    this.segmentBytes = options.segmentBytes ?? Math.min(8 * 1024 * 1024, Math.max(64 * 1024, Math.floor(options.maxBytes / 16)));
  }

  /** Opens (or creates) the buffer in `dir`, cutting off whatever a crash left half-written. */
  static async open(options: LogBufferOptions): Promise<LogBuffer> {
    const state = await loadBufferState(options.dir, options.log);
    const buffer = new LogBuffer(options, state);
    if (state.open) buffer.active = { ...state.open, handle: await open(state.open.file, "a") };
    options.log.info("log buffer open", {
      epoch: state.epoch,
      nextSeq: buffer.nextSeq,
      acked: state.acked,
      unacknowledged: buffer.durableNext - buffer.firstSeq,
      droppedTotal: buffer.dropped,
    });
    return buffer;
  }

  /** Lines lost to a full buffer since the epoch began. */
  get droppedTotal(): number {
    return this.dropped;
  }

  get ackedUpTo(): number {
    return this.acked;
  }

  /** The seq after the last flushed line: lines below it may be shipped. */
  get durableEnd(): number {
    return this.durableNext;
  }

  /** The oldest seq still held. */
  get firstSeq(): number {
    return Math.max(this.acked + 1, this.closed[0]?.first ?? this.active?.first ?? this.durableNext);
  }

  get bytes(): number {
    return this.closed.reduce((sum, s) => sum + s.bytes, 0) + (this.active?.bytes ?? 0);
  }

  /** Unflushed lines are piling up (the disk is slow): collectors should pause their sources. */
  get congested(): boolean {
    return this.pendingBytes >= CONGESTED_BYTES;
  }

  /** Called after every flush that made lines durable (and after acks freed room). */
  onDurable(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Numbers and queues `lines`, and applies `update` to the read positions in the same tick, so the
   * flush that writes the lines writes the positions that produced them.
   */
  commit(lines: LogLineInput[], update?: (positions: CollectPositions) => void): void {
    if (this.closing) return;
    for (const line of lines) {
      const numbered = { seq: this.nextSeq++, ...line };
      this.pending.push(numbered);
      this.pendingBytes += line.text.length + 200;
    }
    if (update) {
      update(this.positions);
      this.positionsDirty = true;
    }
    if (this.pendingBytes >= EAGER_FLUSH_BYTES) void this.flush();
    else this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 200);
  }

  /** Writes what was committed; resolves once it is on disk. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    return this.serial(() => this.flushNow());
  }

  /** Up to `maxLines` flushed lines from `from` on (fewer at a segment's end), at most `maxBytes` of JSON (one line at least). */
  async read(from: number, maxLines: number, maxBytes: number): Promise<LogLine[]> {
    const start = Math.max(from, this.firstSeq);
    if (start >= this.durableNext) return [];
    let source: Held;
    let first: number;
    if (this.active && start >= this.active.first) {
      source = this.active;
      first = this.active.first;
    } else {
      const segment = this.closed.find((s) => start >= s.first && start <= s.last);
      if (!segment) return [];
      try {
        source = await this.load(segment);
      } catch (error) {
        // released or dropped while reading: the caller asks again from firstSeq
        if (errorCode(error) === "ENOENT") return [];
        throw error;
      }
      first = segment.first;
    }
    const out: LogLine[] = [];
    let bytes = 0;
    for (let i = start - first; i < source.lines.length && out.length < maxLines; i++) {
      bytes += (source.sizes[i] ?? 0) + 1;
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(source.lines[i] as LogLine);
    }
    return out;
  }

  /** The store has every line up to `upTo`: free what is no longer needed. */
  ack(upTo: number): void {
    const capped = Math.min(upTo, this.durableNext - 1);
    if (capped <= this.acked) return;
    this.acked = capped;
    void this.serial(() => this.release());
    this.ackedTimer ??= setTimeout(() => {
      this.ackedTimer = undefined;
      void this.serial(() => this.writeAcked());
    }, ACKED_WRITE_MS);
  }

  /** Flushes and closes the files (the agent is stopping). */
  async close(): Promise<void> {
    this.closing = true;
    await this.flush();
    clearTimeout(this.ackedTimer);
    await this.serial(async () => {
      await this.writeAcked();
      await this.active?.handle.close();
      this.active = null;
    });
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task).catch((error: unknown) => this.options.log.error("log buffer: disk operation failed", { error }));
    this.chain = run;
    return run;
  }

  private async flushNow(): Promise<void> {
    if (this.pending.length === 0 && !this.positionsDirty) return;
    const lines = this.pending;
    this.positionsDirty = false;
    const bytesBefore = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    // lines and positions as of this instant: together they are one consistent state
    const nextSeq = this.nextSeq;
    const positionsJson = JSON.stringify(this.positions);
    let text = "";
    const sizes: number[] = [];
    for (const line of lines) {
      const json = JSON.stringify(line);
      sizes.push(Buffer.byteLength(json, "utf8"));
      text += `${json}\n`;
    }
    try {
      if (this.active && this.active.bytes >= this.segmentBytes) await this.closeActive();
      const size = Buffer.byteLength(text, "utf8") + positionsJson.length + 80;
      this.dropOldest(size);
      text += checkpointRecord({ nextSeq, droppedTotal: this.dropped, positions: this.positions }, positionsJson);
      const active = this.active ?? (await this.openActive(lines[0]?.seq ?? this.durableNext));
      await active.handle.write(text);
      if (this.options.sync !== false) await active.handle.datasync();
      active.bytes += Buffer.byteLength(text, "utf8");
      for (const line of lines) active.lines.push(line);
      for (const size of sizes) active.sizes.push(size);
      this.durableNext = nextSeq;
    } catch (error) {
      // keep the lines for the next flush, and cut off a half-written record: appended after, it
      // would hide every later record from the next start's reading
      await this.active?.handle.truncate(this.active.bytes).catch(() => undefined);
      this.positionsDirty = true;
      this.pending = lines.concat(this.pending);
      this.pendingBytes += bytesBefore;
      this.flushTimer ??= setTimeout(() => void this.flush(), 1_000);
      throw error;
    }
    for (const listener of this.listeners) listener();
  }

  private dropOldest(incoming: number): void {
    let total = this.bytes + incoming;
    while (total > this.options.maxBytes && this.closed.length > this.keptClosed()) {
      const oldest = this.closed.shift() as Closed;
      total -= oldest.bytes;
      const lost = oldest.last - Math.max(oldest.first, this.acked + 1) + 1;
      if (lost > 0) this.dropped += lost;
      if (this.cache?.file === oldest.file) this.cache = null;
      void unlink(path.join(this.options.dir, oldest.file)).catch(() => undefined);
      this.options.log.warn("log buffer full: oldest lines dropped", {
        lines: Math.max(lost, 0),
        droppedTotal: this.dropped,
        maxBytes: this.options.maxBytes,
      });
    }
  }

  /**
   * The newest closed segment holds the latest checkpoint until the open one has one of its own:
   * removing it earlier would leave a crash with no read positions at all.
   */
  private keptClosed(): number {
    return this.active && this.active.bytes > 0 ? 0 : 1;
  }

  private async openActive(first: number): Promise<Active> {
    const file = path.join(this.options.dir, openSegmentName(first));
    this.active = { first, file, handle: await open(file, "a", 0o600), bytes: 0, lines: [], sizes: [] };
    return this.active;
  }

  private async closeActive(): Promise<void> {
    const active = this.active as Active;
    const last = active.first + active.lines.length - 1;
    const name = closedSegmentName(active.first, last);
    await active.handle.close();
    await rename(active.file, path.join(this.options.dir, name));
    this.closed.push({ file: name, first: active.first, last, bytes: active.bytes });
    // the shipper reads it next, most likely
    this.cache = { file: name, lines: active.lines, sizes: active.sizes };
    this.active = null;
  }

  private async load(segment: Closed): Promise<Held> {
    if (this.cache?.file === segment.file) return this.cache;
    const parsed = parseSegment(await readFile(path.join(this.options.dir, segment.file)), { validate: false });
    this.cache = { file: segment.file, lines: parsed.lines, sizes: parsed.sizes };
    return this.cache;
  }

  private async release(): Promise<void> {
    while (this.closed.length > this.keptClosed() && this.closed[0] && this.closed[0].last <= this.acked) {
      const done = this.closed.shift() as Closed;
      if (this.cache?.file === done.file) this.cache = null;
      await unlink(path.join(this.options.dir, done.file)).catch((error: unknown) => {
        if (errorCode(error) !== "ENOENT") throw error;
      });
    }
    for (const listener of this.listeners) listener();
  }

  private async writeAcked(): Promise<void> {
    if (this.acked === this.ackedWritten) return;
    const upTo = this.acked;
    await writeAcked(this.options.dir, this.epoch, upTo);
    this.ackedWritten = upTo;
  }
}
