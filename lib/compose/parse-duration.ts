// Go-style durations as docker compose accepts them ("10s", "1m30s", "1.5s", "500ms", "2h").

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Parses a duration into whole nanoseconds, the unit the Docker Engine API uses. */
export function parseDuration(input: unknown): ParseResult<number> {
  if (typeof input === "number") {
    if (input === 0) return { ok: true, value: 0 };
    return { ok: false, message: `duration ${input} needs a unit, e.g. "${input}s"` };
  }
  if (typeof input !== "string") return { ok: false, message: 'expected a duration such as "10s" or "1m30s"' };
  const text = input.trim();
  if (text === "0") return { ok: true, value: 0 };
  if (text.startsWith("-")) return { ok: false, message: `duration "${input}" must not be negative` };
  if (text === "") return { ok: false, message: 'duration is empty; use a value such as "10s"' };
  let total = 0;
  TERM.lastIndex = 0;
  let index = 0;
  while (index < text.length) {
    TERM.lastIndex = index;
    const match = TERM.exec(text);
    if (!match) {
      return {
        ok: false,
        message: `invalid duration "${input}": use numbers with units h, m, s, ms, us or ns, e.g. "10s" or "1m30s"`,
      };
    }
    total += Number(match[1]) * (UNIT_NANOS[match[2] ?? ""] ?? 0);
    index = TERM.lastIndex;
  }
  if (!Number.isSafeInteger(Math.round(total))) return { ok: false, message: `duration "${input}" is too long` };
  return { ok: true, value: Math.round(total) };
}
