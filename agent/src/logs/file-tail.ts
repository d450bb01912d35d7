/**
 * Follows one file (one inode) from an open descriptor: reads only the bytes past `offset`, turns
 * complete lines into log lines, and leaves an unfinished last line in the file until its newline
 * comes (offset stays at its start). A line longer than MAX_LOG_LINE_BYTES is cut, flagged
 * truncated, and the rest of it skipped up to its newline. The file shrinking below the offset is
 * a truncation (copytruncate): reading starts again at 0.
 *
 * Each chunk's lines and the new offset go to the buffer in one commit.
 */
import type { FileHandle } from "node:fs/promises";
import { MAX_LOG_LINE_BYTES } from "@/lib/protocol/logs";
import type { LogBuffer, LogLineInput } from "./log-buffer";
import { cutBytes, nowTimestamp } from "./log-text";
import type { FilePosition } from "./positions";

export const CHUNK_BYTES = 256 * 1024;
const HEAD_BYTES = 64;

export type LineMeta = Pick<LogLineInput, "application" | "service" | "task" | "container">;

export type FileTail = {
  key: string;
  handle: FileHandle;
  position: FilePosition;
  meta: LineMeta;
  /** When a scan last failed to find it (it was rotated away or deleted); null while it is matched. */
  retiredAt: number | null;
  /** The size seen last, and when it last changed (a retired file is let go once it stays put). */
  size: number;
  lastGrowthAt: number;
};

export type ReadResult = { grew: boolean; truncated: boolean };

/** Reads what was appended since the last call, up to `budget` bytes. */
export async function readAppended(tail: FileTail, buffer: LogBuffer, budget: number, now: number): Promise<ReadResult> {
  const { size } = await tail.handle.stat();
  const grew = size !== tail.size;
  if (grew) {
    tail.size = size;
    tail.lastGrowthAt = now;
  }
  let truncated = false;
  if (size < tail.position.offset) {
    tail.position = { ...tail.position, offset: 0, skipping: false };
    truncated = true;
  }
  let read = 0;
  if (tail.position.offset >= size) {
    if (truncated) commitPosition(tail, buffer, []);
    return { grew, truncated };
  }
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  while (read < budget && tail.position.offset < size) {
    const { bytesRead } = await tail.handle.read(chunk, 0, CHUNK_BYTES, tail.position.offset);
    if (bytesRead === 0) break;
    read += bytesRead;
    const consumed = takeLines(tail, chunk.subarray(0, bytesRead), buffer, { final: false });
    if (consumed === 0) break; // an unfinished last line: wait for its newline
  }
  if (truncated) commitPosition(tail, buffer, []);
  return { grew, truncated };
}

/** Takes whatever is left, even a last line without a newline (the file is being let go). */
export async function readRest(tail: FileTail, buffer: LogBuffer): Promise<void> {
  const { size } = await tail.handle.stat();
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  while (tail.position.offset < size) {
    const { bytesRead } = await tail.handle.read(chunk, 0, Math.min(CHUNK_BYTES, size - tail.position.offset), tail.position.offset);
    if (bytesRead === 0) return;
    const final = tail.position.offset + bytesRead >= size;
    if (takeLines(tail, chunk.subarray(0, bytesRead), buffer, { final }) === 0) return;
  }
}

/** Whether the file still starts with the bytes recorded as its head (else its inode was reused). */
export async function headMatches(handle: FileHandle, head: string | undefined): Promise<boolean> {
  if (!head) return true;
  const expected = Buffer.from(head, "base64");
  const actual = Buffer.alloc(expected.length);
  const { bytesRead } = await handle.read(actual, 0, expected.length, 0);
  return bytesRead === expected.length && actual.equals(expected);
}

/** Turns `bytes` (read at the tail's offset) into lines; returns how many bytes were consumed. */
function takeLines(tail: FileTail, bytes: Buffer, buffer: LogBuffer, { final }: { final: boolean }): number {
  const lines: LogLineInput[] = [];
  const ts = nowTimestamp();
  let start = 0;
  let skipping = tail.position.skipping === true;
  if (skipping) {
    const nl = bytes.indexOf(0x0a);
    start = nl < 0 ? bytes.length : nl + 1;
    skipping = nl < 0;
  }
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break;
    lines.push(toLine(tail, bytes.subarray(start, nl), ts));
    start = nl + 1;
  }
  const rest = bytes.length - start;
  if (rest > 0 && (final || rest >= MAX_LOG_LINE_BYTES)) {
    lines.push(toLine(tail, bytes.subarray(start), ts));
    skipping = !final; // the rest of a cut line is skipped up to its newline
    start = bytes.length;
  }
  const head =
    tail.position.head ?? (tail.position.offset === 0 && bytes.length > 0 ? bytes.subarray(0, HEAD_BYTES).toString("base64") : undefined);
  tail.position = { ...tail.position, offset: tail.position.offset + start, skipping: skipping || undefined, head };
  if (start > 0) commitPosition(tail, buffer, lines);
  return start;
}

function toLine(tail: FileTail, raw: Buffer, ts: string): LogLineInput {
  const bytes = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
  const truncated = bytes.length > MAX_LOG_LINE_BYTES;
  const line: LogLineInput = {
    ts,
    store: tail.position.store,
    stream: "file",
    file: tail.position.path,
    ...tail.meta,
    text: truncated ? cutBytes(bytes) : bytes.toString("utf8"),
  };
  if (truncated) line.truncated = true;
  return line;
}

function commitPosition(tail: FileTail, buffer: LogBuffer, lines: LogLineInput[]): void {
  const position = tail.position;
  buffer.commit(lines, (positions) => {
    positions.files[tail.key] = position;
  });
}
