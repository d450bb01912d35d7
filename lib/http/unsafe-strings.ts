/**
 * Strings no endpoint can store: NUL (PostgreSQL text refuses U+0000) and unpaired UTF-16
 * surrogates (not Unicode; JSON's "\ud800" escape makes them). Checked once for every request's
 * params, query and body in the route wrapper, before any schema, so no field can forget it.
 * Also bounds nesting: schemas and the checks below walk what they are given.
 */

export type UnsafeStringIssue = { path: string; message: string; code: "unsafe_string" | "too_deep" };

const MAX_DEPTH = 64;
const MAX_ISSUES = 20;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemOf(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain NUL characters (U+0000)";
  if (LONE_SURROGATE.test(text)) return "must not contain unpaired UTF-16 surrogates (not Unicode text)";
  return null;
}

/** Keys go into paths readably, whatever they contain. */
const printable = (key: string) =>
  key.slice(0, 64).replace(/[\u0000-\u001f\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Every unsafe string in a parsed input (strings and object keys), with its field path; [] when clean. */
export function findUnsafeStrings(value: unknown, root: string): UnsafeStringIssue[] {
  const issues: UnsafeStringIssue[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const item = stack.pop();
    if (!item) break;
    if (typeof item.value === "string") {
      const message = problemOf(item.value);
      if (message) issues.push({ path: item.path, message, code: "unsafe_string" });
      continue;
    }
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth >= MAX_DEPTH) {
      issues.push({ path: item.path, message: `is nested more than ${MAX_DEPTH} levels deep`, code: "too_deep" });
      continue;
    }
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v] as const) : Object.entries(item.value);
    for (const [key, child] of entries) {
      const path = `${item.path}.${printable(key)}`;
      const keyProblem = problemOf(key);
      if (keyProblem) issues.push({ path, message: `has a key that ${keyProblem}`, code: "unsafe_string" });
      stack.push({ value: child, path, depth: item.depth + 1 });
    }
  }
  return issues;
}
