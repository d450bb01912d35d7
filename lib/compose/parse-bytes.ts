import type { ParseResult } from "./parse-duration";

// Sizes as docker accepts them for memory and tmpfs: bytes as a number, or "512m", "1g", "1.5GiB".
// Suffixes are binary multiples (1k = 1024), matching the Docker CLI.

const MULTIPLIER: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;

/** Parses a size into bytes. */
export function parseBytes(input: unknown): ParseResult<number> {
  if (typeof input === "number") {
    if (!Number.isSafeInteger(input) || input < 0) {
      return { ok: false, message: `size ${input} must be a whole, non-negative number of bytes` };
    }
    return { ok: true, value: input };
  }
  if (typeof input !== "string") return { ok: false, message: 'expected a size such as "512m" or "1g"' };
  const match = SIZE.exec(input.trim());
  if (!match) {
    return { ok: false, message: `invalid size "${input}": use a number with an optional unit b, k, m, g or t, e.g. "512m" or "1g"` };
  }
  const bytes = Math.floor(Number(match[1]) * (MULTIPLIER[(match[2] ?? "").toLowerCase()] ?? 1));
  if (!Number.isSafeInteger(bytes)) return { ok: false, message: `size "${input}" is too large` };
  return { ok: true, value: bytes };
}
