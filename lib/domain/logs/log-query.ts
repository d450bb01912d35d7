/**
 * How a search box query becomes SQL over log_lines, and where it matched in a line (the console
 * highlights those offsets). Pure: no database here.
 *
 * `q`: words outside double quotes must each occur as a whole word (case-insensitive), each
 * "quoted part" as a substring (case-insensitive); all of them must match. Both are answered by
 * the one trigram index on `text` (see the migration for why there is no tsvector index): words as
 * `text ~* '\mword\M'`, substrings as `text ILIKE '%part%'`.
 */
import { Prisma } from "@prisma/client";
import { AppError } from "@/lib/errors";
import type { LogFilters } from "@/lib/schemas/logs";

export type ParsedLogQuery = { words: string[]; substrings: string[] };

const MAX_TERMS = 10;

/** `timeout "user 42" GET` → words [timeout, GET], substrings ["user 42"]. An unclosed quote runs to the end. */
export function parseLogQuery(q: string | undefined): ParsedLogQuery {
  const words: string[] = [];
  const substrings: string[] = [];
  const text = q ?? "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      const part = text.slice(i + 1, end < 0 ? text.length : end);
      if (part.trim() !== "") substrings.push(part);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    const match = /^[^\s"]+/.exec(text.slice(i));
    if (match) {
      words.push(match[0]);
      i += match[0].length;
    } else i++;
  }
  if (words.length + substrings.length > MAX_TERMS) {
    throw new AppError("INVALID_INPUT", `A search may have at most ${MAX_TERMS} words and "quoted parts"`, [
      { path: "q", message: "too many terms" },
    ]);
  }
  return { words: [...new Set(words)], substrings: [...new Set(substrings)] };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** A PostgreSQL ARE matching `word` as a whole word (boundaries only where the word starts/ends with a word character). */
export function wordRegex(word: string): string {
  const escaped = word.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
  return `${isWordChar(word[0]) ? "\\m" : ""}${escaped}${isWordChar(word.at(-1)) ? "\\M" : ""}`;
}

/** `%part%` for ILIKE, with the pattern characters of `part` taken literally. */
export function substringPattern(part: string): string {
  return `%${part.replace(/[\\%_]/g, "\\$&")}%`;
}

/** [start, end) of every match of the query in `text`, sorted and merged where they overlap. */
export function highlightRanges(text: string, query: ParsedLogQuery): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  // Only the characters that are syntax outside a class: with the u flag any other escape is an error.
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const add = (source: string) => {
    const re = new RegExp(source, "giu");
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      ranges.push([m.index, m.index + m[0].length]);
      if (ranges.length > 200) return;
    }
  };
  for (const word of query.words) {
    const before = isWordChar(word[0]) ? "(?<![\\p{L}\\p{N}_])" : "";
    const after = isWordChar(word.at(-1)) ? "(?![\\p{L}\\p{N}_])" : "";
    add(`${before}${escape(word)}${after}`);
  }
  for (const part of query.substrings) add(escape(part));
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export type LogCursor = { tsMicros: bigint; id: bigint };

/** Opaque cursor: the last line's time (microseconds since the epoch) and id. */
export function encodeLogCursor(c: LogCursor): string {
  return Buffer.from(`${c.tsMicros}.${c.id}`).toString("base64url");
}

export function decodeLogCursor(cursor: string): LogCursor {
  const m = /^(-?\d{1,20})\.(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m?.[1] || !m[2])
    throw new AppError("INVALID_INPUT", "The cursor is not one this API returned", [{ path: "cursor", message: "invalid cursor" }]);
  return { tsMicros: BigInt(m[1]), id: BigInt(m[2]) };
}

/** `timestamptz` of a microsecond count, computed exactly (no float rounding). */
export const microsToTs = (us: bigint) => Prisma.sql`(timestamptz 'epoch' + ${us.toString()}::bigint * interval '1 microsecond')`;

/**
 * The WHERE clause of a search: the organisation first (always), then the filters and the
 * query's terms. Every value is a bound parameter.
 */
export function logWhere(orgId: string, filters: LogFilters, query: ParsedLogQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`org_id = ${orgId}`];
  if (filters.applicationId) parts.push(Prisma.sql`application_id = ${filters.applicationId}`);
  if (filters.service) parts.push(Prisma.sql`service = ${filters.service}`);
  if (filters.task) parts.push(Prisma.sql`task = ${filters.task}`);
  if (filters.store) parts.push(Prisma.sql`store = ${filters.store}`);
  if (filters.stream) parts.push(Prisma.sql`stream = ${filters.stream}`);
  if (filters.nodeId) parts.push(Prisma.sql`node_id = ${filters.nodeId}`);
  if (filters.from) parts.push(Prisma.sql`ts >= ${new Date(filters.from)}`);
  if (filters.to) parts.push(Prisma.sql`ts < ${new Date(filters.to)}`);
  for (const word of query.words) parts.push(Prisma.sql`text ~* ${wordRegex(word)}`);
  for (const part of query.substrings) parts.push(Prisma.sql`text ILIKE ${substringPattern(part)}`);
  return Prisma.join(parts, " AND ");
}
