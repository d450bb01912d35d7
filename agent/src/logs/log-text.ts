/**
 * Small pure helpers of log collection: cutting a line to the protocol's byte limit, and the
 * engine's timestamps — normalised to nine fractional digits so that comparing two of them as
 * strings compares the instants (the engine trims trailing zeros: "…:11.8568242Z").
 */
import { MAX_LOG_LINE_BYTES } from "@/lib/protocol/logs";

export type CutText = { text: string; truncated: boolean };

/** The line's text within MAX_LOG_LINE_BYTES of UTF-8 (cut on a character boundary), and whether it was cut. */
export function cutLine(text: string, maxBytes = MAX_LOG_LINE_BYTES): CutText {
  const clean = text.endsWith("\r") ? text.slice(0, -1) : text;
  // a string of n UTF-16 units is at most 3n UTF-8 bytes: most lines need no measuring
  if (clean.length * 3 <= maxBytes || Buffer.byteLength(clean, "utf8") <= maxBytes) return { text: clean, truncated: false };
  return { text: cutBytes(Buffer.from(clean, "utf8"), maxBytes), truncated: true };
}

/** The first `maxBytes` bytes of UTF-8 `bytes` as text, without a half character at the end. */
export function cutBytes(bytes: Buffer, maxBytes = MAX_LOG_LINE_BYTES): string {
  if (bytes.length <= maxBytes) return bytes.toString("utf8");
  let end = maxBytes;
  // back off continuation bytes (10xxxxxx) so the cut falls before a character's first byte
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.toString("utf8", 0, end);
}

const ENGINE_TS = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** "2026-11-21T22:14:11.8568242Z" → "2026-11-21T22:14:11.856824200Z"; null when not the engine's UTC form. */
export function normalizeTimestamp(ts: string): string | null {
  const match = ENGINE_TS.exec(ts);
  if (!match) return null;
  return `${match[1]}.${(match[2] ?? "").padEnd(9, "0")}Z`;
}

/** The Engine API's `since` for a normalised timestamp: "<unix seconds>.<nanoseconds>". */
export function sinceParameter(normalized: string): string {
  const seconds = Math.floor(Date.parse(`${normalized.slice(0, 19)}Z`) / 1000);
  return `${seconds}.${normalized.slice(20, 29)}`;
}

/** Now, as a normalised timestamp (file lines carry the time they were read). */
export function nowTimestamp(now: Date = new Date()): string {
  return `${now.toISOString().slice(0, 23)}000000Z`;
}
