import { IssueList } from "./issue-list";
import { setOwn } from "./plain";
import type { Issue, Locate, PathSegment } from "./types";

// Compose variable interpolation over string scalars (keys are never interpolated, as in
// docker compose): $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error},
// ${VAR:+alternative}, ${VAR+alternative}, and $$ for a literal dollar sign. Defaults and
// alternatives may themselves contain interpolations.

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const MAX_NESTING = 10;

// Output caps (issue 9, finding 5e): deploy variables may hold 64 KiB each, so `$A$A$A…` in a
// 253 KB file once produced 786 MB of strings. One value may grow to 256 Ki characters (room for a
// few certificates), the whole document's interpolated values to 4 Mi characters; beyond that the
// file is refused with a located "limit" error instead of exhausting the worker's memory.
export const MAX_INTERPOLATED_VALUE_CHARS = 256 * 1024;
export const MAX_INTERPOLATED_TOTAL_CHARS = 4 * 1024 * 1024;

class InterpolationError extends Error {
  constructor(
    message: string,
    readonly code: "interpolation" | "limit" = "interpolation",
  ) {
    super(message);
  }
}

export type InterpolateStringResult =
  { ok: true; value: string; unset: string[] } | { ok: false; message: string; code: "interpolation" | "limit" };

interface State {
  env: Record<string, string>;
  unset: Set<string>;
  maxChars: number;
}

/** Appends to the value being built, refusing to grow it past the per-value cap. */
function append(state: State, out: string, piece: string): string {
  if (out.length + piece.length > state.maxChars) {
    throw new InterpolationError(`the interpolated value would be longer than ${state.maxChars} characters`, "limit");
  }
  return out + piece;
}

function lookup(state: State, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(state.env, name) ? state.env[name] : undefined;
}

/** Finds the `}` closing a `${`, skipping nested `${...}` and `$$`. */
function findClose(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "$" && text[i + 1] === "$") i++;
    else if (c === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function braced(text: string, start: number, state: State, nesting: number): { value: string; end: number } {
  const opening = start - 2;
  let i = start;
  while (i < text.length && NAME_CHAR.test(text[i] ?? "")) i++;
  const name = text.slice(start, i);
  const close = findClose(text, start);
  if (close < 0) {
    throw new InterpolationError(`unterminated "\${" at character ${opening + 1}: add the closing "}" (or write "$$" for a literal "$")`);
  }
  const shown = text.slice(opening, close + 1);
  if (name === "") throw new InterpolationError(`"${shown}" has no variable name`);
  if (!NAME_START.test(name[0] ?? "")) {
    throw new InterpolationError(`invalid variable name "${name}" in "${shown}": names start with a letter or "_"`);
  }
  if (i === close) return { value: plainValue(state, name), end: close + 1 };

  const colon = text[i] === ":";
  const op = text[colon ? i + 1 : i];
  if (op !== "-" && op !== "?" && op !== "+") {
    throw new InterpolationError(
      `invalid character ${JSON.stringify(text[i])} after "${name}" in "${shown}": use \${${name}}, \${${name}:-default}, \${${name}:?error} or \${${name}:+alternative}`,
    );
  }
  const argument = text.slice(i + (colon ? 2 : 1), close);
  const current = lookup(state, name);
  // With a colon, an empty value counts as unset (docker compose semantics).
  const isSet = current !== undefined && (!colon || current !== "");
  let value: string;
  if (op === "-") value = isSet ? (current ?? "") : expand(argument, state, nesting + 1);
  else if (op === "+") value = isSet ? expand(argument, state, nesting + 1) : "";
  else {
    if (!isSet) {
      const reason =
        argument.trim() === "" ? `required variable ${name} is missing a value` : `${name}: ${expand(argument, state, nesting + 1)}`;
      throw new InterpolationError(reason);
    }
    value = current ?? "";
  }
  return { value, end: close + 1 };
}

function plainValue(state: State, name: string): string {
  const value = lookup(state, name);
  if (value === undefined) state.unset.add(name);
  return value ?? "";
}

function expand(text: string, state: State, nesting: number): string {
  if (nesting > MAX_NESTING) throw new InterpolationError(`interpolations are nested more than ${MAX_NESTING} levels deep`);
  let out = "";
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) {
      out = append(state, out, text.slice(i));
      break;
    }
    out = append(state, out, text.slice(i, dollar));
    const next = text[dollar + 1];
    if (next === "$") {
      out = append(state, out, "$");
      i = dollar + 2;
    } else if (next === "{") {
      const { value, end } = braced(text, dollar + 2, state, nesting);
      out = append(state, out, value);
      i = end;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = dollar + 1;
      while (end < text.length && NAME_CHAR.test(text[end] ?? "")) end++;
      out = append(state, out, plainValue(state, text.slice(dollar + 1, end)));
      i = end;
    } else {
      const shown = next === undefined ? "at the end" : `before ${JSON.stringify(next)}`;
      throw new InterpolationError(`invalid "$" ${shown} (character ${dollar + 1}): write "$$" for a literal dollar sign or use \${NAME}`);
    }
  }
  return out;
}

/** Interpolates one string; exported for tests and for previews in the console. */
export function interpolateString(
  text: string,
  env: Record<string, string>,
  maxChars = MAX_INTERPOLATED_VALUE_CHARS,
): InterpolateStringResult {
  const state: State = { env, unset: new Set(), maxChars };
  try {
    return { ok: true, value: expand(text, state, 0), unset: [...state.unset] };
  } catch (error) {
    if (error instanceof InterpolationError) return { ok: false, message: error.message, code: error.code };
    throw error;
  }
}

export interface InterpolateOptions {
  value: unknown;
  env: Record<string, string>;
  locate?: Locate;
  /** Longest one interpolated value may become (default MAX_INTERPOLATED_VALUE_CHARS). */
  maxValueChars?: number;
  /** Most characters all interpolated values together may produce (default MAX_INTERPOLATED_TOTAL_CHARS). */
  maxTotalChars?: number;
}

/**
 * Interpolates every string scalar of the document, returning a new value (shared alias subtrees
 * are copied, never mutated). Unset variables without a default become "" with a warning, as in
 * docker compose; malformed expressions and `:?` failures are errors at the scalar's location.
 * Output is capped per value and in total; the first value past a cap gets a "limit" error and
 * nothing after it is interpolated.
 */
export function interpolate({ value, env, locate, maxValueChars, maxTotalChars }: InterpolateOptions): { value: unknown; issues: Issue[] } {
  const issues = new IssueList(locate);
  const maxTotal = maxTotalChars ?? MAX_INTERPOLATED_TOTAL_CHARS;
  let produced = 0;
  let exhausted = false;
  const visit = (node: unknown, path: PathSegment[]): unknown => {
    if (typeof node === "string") {
      if (exhausted || !node.includes("$")) return node;
      const result = interpolateString(node, env, Math.min(maxValueChars ?? MAX_INTERPOLATED_VALUE_CHARS, maxTotal - produced));
      if (!result.ok) {
        if (result.code === "limit") {
          exhausted = true;
          const total = maxTotal - produced < (maxValueChars ?? MAX_INTERPOLATED_VALUE_CHARS);
          issues.error(
            "limit",
            path,
            total
              ? `interpolation would produce more than ${maxTotal} characters in total (deploy variables repeated too often)`
              : result.message,
          );
        } else issues.error("interpolation", path, result.message);
        return node;
      }
      produced += result.value.length;
      for (const name of result.unset) {
        issues.warn("interpolation", path, `variable ${name} is not set; it was replaced by an empty string`);
      }
      return result.value;
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (node !== null && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) setOwn(out, key, visit(child, [...path, key]));
      return out;
    }
    return node;
  };
  return { value: visit(value, []), issues: issues.items };
}
