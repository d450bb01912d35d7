import { z } from "zod";
import { parseBytes } from "./parse-bytes";
import { parseDuration, type ParseResult } from "./parse-duration";
import { isRecord, scalarText } from "./plain";
import { shellSplit } from "./shell-split";

// zod building blocks for compose values. Interpolation turns `replicas: ${N:-3}` into the string
// "3", so numeric and boolean fields also accept their string spellings, as docker compose does.
// Every failure carries a specific message; the generic zod wording never reaches the user.

type Ctx = z.RefinementCtx;

function report(ctx: Ctx, message: string, path?: PropertyKey[]): typeof z.NEVER {
  ctx.addIssue(path ? { code: "custom", message, path } : { code: "custom", message });
  return z.NEVER;
}

/** Wraps a hand-written parser (durations, sizes, ports) as a zod schema. */
export function fromParser<T>(parse: (input: unknown) => ParseResult<T>) {
  return z.unknown().transform((input, ctx): T => {
    const result = parse(input);
    return result.ok ? result.value : report(ctx, result.message);
  });
}

/** Nanoseconds. */
export const durationSchema = fromParser(parseDuration);
/** Bytes. */
export const bytesSchema = fromParser(parseBytes);

function toNumber(input: unknown): number | undefined {
  if (typeof input === "number") return input;
  if (typeof input === "string" && /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(input)) return Number(input);
  return undefined;
}

export function intSchema({ min, max }: { min?: number; max?: number } = {}) {
  return z.unknown().transform((input, ctx): number => {
    const value = toNumber(input);
    if (value === undefined || !Number.isInteger(value)) return report(ctx, `expected a whole number, got ${describe(input)}`);
    if (min !== undefined && value < min) return report(ctx, `must be at least ${min}, got ${value}`);
    if (max !== undefined && value > max) return report(ctx, `must be at most ${max}, got ${value}`);
    return value;
  });
}

export function numberSchema({ min, max, exclusiveMin }: { min?: number; max?: number; exclusiveMin?: boolean } = {}) {
  return z.unknown().transform((input, ctx): number => {
    const value = toNumber(input);
    if (value === undefined || !Number.isFinite(value)) return report(ctx, `expected a number, got ${describe(input)}`);
    if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
      return report(ctx, `must be ${exclusiveMin ? "greater than" : "at least"} ${min}, got ${value}`);
    }
    if (max !== undefined && value > max) return report(ctx, `must be at most ${max}, got ${value}`);
    return value;
  });
}

/** CPU count such as 0.5 or "1.5". */
export const cpusSchema = numberSchema({ min: 0, exclusiveMin: true, max: 4096 });

const TRUE = new Set(["true", "yes", "on", "y"]);
const FALSE = new Set(["false", "no", "off", "n"]);
export const boolSchema = z.unknown().transform((input, ctx): boolean => {
  if (typeof input === "boolean") return input;
  if (typeof input === "string") {
    const lower = input.trim().toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  }
  return report(ctx, `expected true or false, got ${describe(input)}`);
});

/** A string; numbers are accepted because YAML turns `user: 1000` into a number. */
export const stringSchema = z.unknown().transform((input, ctx): string => {
  if (typeof input === "string") return input;
  if (typeof input === "number" && Number.isFinite(input)) return String(input);
  return report(ctx, `expected a string, got ${describe(input)}`);
});

export const nonEmptyStringSchema = stringSchema.pipe(z.string().min(1, "must not be empty"));

/** A list of strings (numbers allowed as above). */
export const stringListSchema = z.unknown().transform((input, ctx): string[] => {
  if (!Array.isArray(input)) return report(ctx, `expected a list of strings, got ${describe(input)}`);
  const out: string[] = [];
  input.forEach((item, index) => {
    const text = typeof item === "number" ? String(item) : item;
    if (typeof text !== "string") report(ctx, `expected a string, got ${describe(item)}`, [index]);
    else out.push(text);
  });
  return out;
});

/** A single string or a list of strings, always returned as a list (`dns: 8.8.8.8`). */
export const stringOrListSchema = z.unknown().transform((input, ctx): string[] => {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) return report(ctx, `expected a string or a list of strings, got ${describe(input)}`);
  const out: string[] = [];
  input.forEach((item, index) => {
    if (typeof item !== "string") report(ctx, `expected a string, got ${describe(item)}`, [index]);
    else out.push(item);
  });
  return out;
});

/** A mapping's values as strings: numbers and booleans as written, null as "" (others reported). */
function scalarValues(input: Record<string, unknown>, ctx: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(input)) {
    const text = value === null ? "" : scalarText(value);
    if (text === undefined) report(ctx, `expected a string, number or boolean, got ${describe(value)}`, [key]);
    else out[key] = text;
  }
  return out;
}

/** Map of strings where values may be written as numbers or booleans (driver_opts, options). */
export const stringMapSchema = z.unknown().transform((input, ctx): Record<string, string> => {
  if (!isRecord(input)) return report(ctx, `expected a mapping of names to values, got ${describe(input)}`);
  return scalarValues(input, ctx);
});

/**
 * Compose's "list or dict" (labels on networks and volumes, sysctls): `["a=1", "b"]` or `{a: 1}`.
 * Service environment and labels are converted earlier, in normalize, so they keep precise
 * locations; this variant is for places where the list index is a good enough location.
 */
export const listOrMapSchema = z.unknown().transform((input, ctx): Record<string, string> => {
  if (Array.isArray(input)) {
    const out: Record<string, string> = {};
    input.forEach((item, index) => {
      if (typeof item !== "string") {
        report(ctx, `expected "key=value", got ${describe(item)}`, [index]);
        return;
      }
      const eq = item.indexOf("=");
      out[eq < 0 ? item : item.slice(0, eq)] = eq < 0 ? "" : item.slice(eq + 1);
    });
    return out;
  }
  if (isRecord(input)) return scalarValues(input, ctx);
  return report(ctx, `expected a list of "key=value" strings or a mapping, got ${describe(input)}`);
});

/** `command`/`entrypoint`: a string split like a shell would, or a list of arguments. */
export const commandSchema = z.unknown().transform((input, ctx): string[] => {
  if (typeof input === "string") {
    const split = shellSplit(input);
    return split.ok ? split.value : report(ctx, `cannot split command: ${split.message}`);
  }
  if (!Array.isArray(input)) return report(ctx, `expected a string or a list of arguments, got ${describe(input)}`);
  const out: string[] = [];
  input.forEach((item, index) => {
    const text = typeof item === "number" || typeof item === "boolean" ? String(item) : item;
    if (typeof text !== "string") report(ctx, `expected a string argument, got ${describe(item)}`, [index]);
    else out.push(text);
  });
  return out;
});

/** Short, safe description of a value for messages (never echoes large or nested input). */
export function describe(input: unknown): string {
  if (input === undefined) return "nothing";
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return input.length > 40 ? `"${input.slice(0, 40)}…"` : JSON.stringify(input);
  return `${typeof input} ${String(input)}`;
}

/** Octal permission bits. YAML 1.2 reads `0440` as decimal 440, so digits 0-7 are read as octal. */
export const fileModeSchema = z.unknown().transform((input, ctx): number => {
  const text = typeof input === "number" ? String(input) : typeof input === "string" ? input.trim().replace(/^0o/i, "") : undefined;
  if (text === undefined || !/^\d+$/.test(text)) return report(ctx, `expected a file mode such as 0440, got ${describe(input)}`);
  const value = /^[0-7]+$/.test(text) ? parseInt(text, 8) : Number(text);
  if (value > 0o7777) return report(ctx, `file mode ${text} is out of range`);
  return value;
});
