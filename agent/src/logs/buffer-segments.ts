/**
 * The on-disk form of the log buffer: append-only segment files of newline-delimited JSON, each
 * record a collected line (it has a `seq`) or a checkpoint (`{"cp":…}`: the next seq, the drop
 * counter and every read position, as of the lines before it). A flush appends its lines and one
 * checkpoint in a single write, so the last complete checkpoint of the newest segment is always a
 * state where lines and positions agree; whatever follows it (a torn write) is cut off on start.
 *
 * Names: `seg-<first seq>.open` is being written; a full one is renamed `seg-<first>-<last>.seg`,
 * whose range (from its name) is all the buffer needs to know about it until it is read or
 * released.
 */
import { readdir, readFile, rename, truncate, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { logLineSchema, type LogLine } from "@/lib/protocol/logs";
import { collectPositionsSchema, emptyPositions, type CollectPositions } from "./positions";

export type Checkpoint = { nextSeq: number; droppedTotal: number; positions: CollectPositions };

export type SegmentName = { file: string; first: number; last: number | null };

const checkpointSchema = z.object({
  cp: z.object({
    nextSeq: z.number().int().nonnegative(),
    droppedTotal: z.number().int().nonnegative(),
    positions: collectPositionsSchema,
  }),
});
const OPEN = /^seg-(\d{16})\.open$/;
const CLOSED = /^seg-(\d{16})-(\d{16})\.seg$/;
const pad = (n: number) => String(n).padStart(16, "0");

export const openSegmentName = (first: number) => `seg-${pad(first)}.open`;
/** `last` is first - 1 for a segment that holds only checkpoints. */
export const closedSegmentName = (first: number, last: number) => `seg-${pad(first)}-${pad(Math.max(last, first - 1) + 1)}.seg`;

export function parseSegmentName(file: string): SegmentName | null {
  const open = OPEN.exec(file);
  if (open) return { file, first: Number(open[1]), last: null };
  const closed = CLOSED.exec(file);
  // the name stores last + 1 so that an empty segment (last = first - 1) needs no negative number
  return closed ? { file, first: Number(closed[1]), last: Number(closed[2]) - 1 } : null;
}

export const checkpointRecord = (checkpoint: Checkpoint, positionsJson: string): string =>
  `{"cp":{"nextSeq":${checkpoint.nextSeq},"droppedTotal":${checkpoint.droppedTotal},"positions":${positionsJson}}}\n`;

export type ParsedSegment = {
  lines: LogLine[];
  /** Bytes of each line's record (its JSON): what it weighs in a batch. */
  sizes: number[];
  /** The last complete checkpoint, and the byte length up to its end. */
  checkpoint: { value: Checkpoint; end: number } | null;
};

/** Reads a segment's records up to the first one that is torn or not valid. */
export function parseSegment(bytes: Buffer, { validate }: { validate: boolean }): ParsedSegment {
  const lines: LogLine[] = [];
  const sizes: number[] = [];
  let checkpoint: ParsedSegment["checkpoint"] = null;
  let start = 0;
  let linesAtCheckpoint = 0;
  while (start < bytes.length) {
    // JSON escapes every newline inside a string: a raw one always ends a record
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break; // a torn last record
    const record = bytes.toString("utf8", start, nl);
    const size = nl - start;
    start = nl + 1;
    let json: unknown;
    try {
      json = JSON.parse(record);
    } catch {
      break;
    }
    if (typeof json === "object" && json !== null && "cp" in json) {
      const parsed = checkpointSchema.safeParse(json);
      if (!parsed.success) break;
      checkpoint = { value: parsed.data.cp, end: start };
      linesAtCheckpoint = lines.length;
      continue;
    }
    if (validate) {
      const parsed = logLineSchema.safeParse(json);
      if (!parsed.success) break;
      lines.push(parsed.data);
    } else {
      lines.push(json as LogLine);
    }
    sizes.push(size);
  }
  // lines after the last checkpoint were never durable (their positions were not written)
  const durable = checkpoint ? linesAtCheckpoint : lines.length;
  return { lines: lines.slice(0, durable), sizes: sizes.slice(0, durable), checkpoint };
}

export type RecoveredBuffer = {
  checkpoint: Checkpoint | null;
  closed: SegmentName[];
  /** The segment to go on appending to, with its durable lines and byte size. */
  open: { name: SegmentName; lines: LogLine[]; sizes: number[]; bytes: number } | null;
};

/**
 * Finds the newest complete checkpoint: the open segment is cut after its last one (or removed
 * when it has none, e.g. its first write was torn), and the closed segments are listed.
 */
export async function recoverSegments(dir: string): Promise<RecoveredBuffer> {
  const names = (await readdir(dir))
    .map(parseSegmentName)
    .filter((n): n is SegmentName => n !== null)
    .sort((a, b) => a.first - b.first || (a.last === null ? 1 : b.last === null ? -1 : 0));
  let checkpoint: Checkpoint | null = null;
  let open: RecoveredBuffer["open"] = null;
  while (names.length > 0 && checkpoint === null) {
    const newest = names[names.length - 1] as SegmentName;
    const file = path.join(dir, newest.file);
    const parsed = parseSegment(await readFile(file), { validate: true });
    if (!parsed.checkpoint) {
      // nothing durable in it: a segment whose first write did not complete
      await unlink(file);
      names.pop();
      continue;
    }
    checkpoint = parsed.checkpoint.value;
    if (newest.last === null) {
      await truncate(file, parsed.checkpoint.end);
      open = { name: newest, lines: parsed.lines, sizes: parsed.sizes, bytes: parsed.checkpoint.end };
      names.pop();
    }
  }
  // an open segment older than the newest one was being closed when the agent stopped
  const closed: SegmentName[] = [];
  for (const name of names) {
    if (name.last !== null) {
      closed.push(name);
      continue;
    }
    const parsed = parseSegment(await readFile(path.join(dir, name.file)), { validate: false });
    const last = parsed.lines.at(-1)?.seq ?? name.first - 1;
    const renamed = closedSegmentName(name.first, last);
    await rename(path.join(dir, name.file), path.join(dir, renamed));
    closed.push({ file: renamed, first: name.first, last });
  }
  return { checkpoint, closed, open };
}

export const initialCheckpoint = (nextSeq: number): Checkpoint => ({ nextSeq, droppedTotal: 0, positions: emptyPositions() });
