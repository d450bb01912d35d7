import { isAlias, isMap, LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";
import { buildSourceMap, pathAtOffset } from "./build-source-map";
import { formatPath } from "./issue-list";
import type { SourceMap } from "./source-map";
import type { Issue, Path, PathSegment } from "./types";

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_ALIAS_COUNT = 100;
export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_VALUES = 100_000;

export interface ParseComposeOptions {
  /** Largest accepted document in UTF-8 bytes (default 1 MiB). */
  maxBytes?: number;
  /** Alias budget handed to `yaml` (default 100); stops exponential "billion laughs" expansion. */
  maxAliasCount?: number;
  /** Deepest nesting of mappings and sequences (default 64); compose needs about 8. */
  maxDepth?: number;
  /** Most scalars + collections after alias expansion (default 100k). */
  maxValues?: number;
}

export type ParseComposeResult = { ok: true; value: Record<string, unknown>; sourceMap: SourceMap } | { ok: false; errors: Issue[] };

function fail(message: string, code: Issue["code"], line?: number, column?: number, path: Path = []): ParseComposeResult {
  const issue: Issue = { severity: "error", code, path: formatPath(path), message };
  if (line !== undefined) issue.line = line;
  if (column !== undefined) issue.column = column;
  return { ok: false, errors: [issue] };
}

/** Line/column of a character offset, computed directly because the parser never ran. */
function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Index of the first character that takes the UTF-8 size past `maxBytes`, or -1. */
function overflowIndex(text: string, maxBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 4 : 3;
    if (code >= 0xd800 && code <= 0xdbff) i++;
    if (bytes > maxBytes) return i;
  }
  return -1;
}

/**
 * Index where flow collections (`[`/`{`) nest deeper than `maxDepth`, or -1. The `yaml` parser
 * recurses per nesting level and a megabyte of `[` exhausts memory inside its regular expressions
 * (a crash, not an exception), so this cheap scan runs before it. Quoted scalars and comments are
 * skipped; brackets inside plain scalars may overcount, which only matters for absurd inputs.
 */
function flowDepthOverflow(text: string, maxDepth: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? " "))) {
      const end = text.indexOf("\n", i);
      if (end < 0) break;
      i = end;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1] ?? " "))) {
      quote = c;
    } else if (c === "[" || c === "{") {
      depth++;
      if (depth > maxDepth) return i;
    } else if ((c === "]" || c === "}") && depth > 0) {
      depth--;
    }
  }
  return -1;
}

/** Strips the parser's " at line N, column M:" suffix and code excerpt; we report positions separately. */
function cleanMessage(error: YAMLError, text: string): string {
  const first = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
  switch (error.code) {
    case "DUPLICATE_KEY": {
      const key = /^["']?([^"':\s]{1,80})/.exec(text.slice(error.pos[0], error.pos[0] + 82))?.[1] ?? "";
      return `duplicate key ${JSON.stringify(key)}: a key may appear only once in the same mapping`;
    }
    case "TAB_AS_INDENT":
      return "tabs are not allowed for indentation in YAML; indent with spaces";
    case "TAG_RESOLVE_FAILED":
      return `${first.replace(/^Unresolved tag: /, "the YAML tag ")} is not allowed: compose files use plain YAML without custom tags`;
    case "MULTIPLE_DOCS":
      return "the file contains several YAML documents (---); upload one compose document";
    case "RESOURCE_EXHAUSTION":
      return `the document is nested too deeply to parse (${first})`;
    default:
      return `invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
  }
}

function yamlIssues(doc: Document, text: string): Issue[] {
  // Warnings (unknown tags) are errors for us: silently turning `!Ref x` into "x" would deploy
  // something the author did not write.
  return [...doc.errors, ...doc.warnings].map((error) => {
    const issue: Issue = {
      severity: "error",
      code: "yaml",
      path: formatPath(pathAtOffset(doc, error.pos[0])),
      message: cleanMessage(error, text),
    };
    const pos = error.linePos?.[0];
    if (pos) {
      issue.line = pos.line;
      issue.column = pos.col;
    }
    return issue;
  });
}

/** Counts values and depth of the expanded document (aliases may repeat shared subtrees) and refuses `__proto__` keys. */
function checkExpandedSize(value: unknown, maxDepth: number, maxValues: number): { path: Path; message: string } | undefined {
  let count = 0;
  const stack: { value: unknown; path: PathSegment[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    if (++count > maxValues) {
      return { path: item.path, message: `the document expands to more than ${maxValues} values (alias expansion?); simplify it` };
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.path.length >= maxDepth) {
      return { path: item.path, message: `values are nested more than ${maxDepth} levels deep` };
    }
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [i, v] as const) : Object.entries(item.value);
    for (const [key, child] of entries) {
      // Plain-object code (ours and zod's) would treat this key as the prototype and drop it.
      if (key === "__proto__") return { path: [...item.path, key], message: 'the key "__proto__" is not allowed' };
      stack.push({ value: child, path: [...item.path, key] });
    }
  }
  return undefined;
}

/**
 * Parses compose YAML safely: bounded size, depth and alias expansion; YAML 1.2 core schema only
 * (no custom tags, no `!!binary`/`!!timestamp`); duplicate keys rejected; `<<` merge keys allowed
 * because compose templates rely on them. Returns the plain value plus a source map so later
 * stages can point at lines. Never throws on user input.
 */
export function parseCompose(text: string, options: ParseComposeOptions = {}): ParseComposeResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (typeof text !== "string") return fail("the compose file must be text", "invalid", 1, 1);

  const overflow = overflowIndex(text, maxBytes);
  if (overflow >= 0) {
    const { line, column } = positionAt(text, overflow);
    return fail(`the compose file is larger than the ${maxBytes}-byte limit`, "limit", line, column);
  }
  const deepAt = flowDepthOverflow(text, maxDepth);
  if (deepAt >= 0) {
    const { line, column } = positionAt(text, deepAt);
    return fail(`brackets are nested more than ${maxDepth} levels deep`, "limit", line, column);
  }

  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, {
      lineCounter,
      version: "1.2",
      schema: "core",
      customTags: [],
      resolveKnownTags: false,
      merge: true,
      uniqueKeys: true,
      stringKeys: true,
      strict: true,
      prettyErrors: true,
      // "silent" would also drop the parse errors we report; "warn" only logs for cases we reject earlier.
      logLevel: "warn",
    });
  } catch (error) {
    return fail(`the file could not be parsed as YAML (${error instanceof Error ? error.message : String(error)})`, "yaml", 1, 1);
  }

  const issues = yamlIssues(doc, text);
  if (issues.length > 0) return { ok: false, errors: issues };

  if (doc.contents === null || isScalarNull(doc.contents)) {
    return fail("the compose file is empty", "required", 1, 1);
  }
  if (!isMap(doc.contents)) {
    const pos = lineCounter.linePos(doc.contents.range?.[0] ?? 0);
    return fail(
      "the top level of a compose file must be a mapping (services:, volumes:, ...)",
      "invalid",
      Math.max(pos.line, 1),
      Math.max(pos.col, 1),
    );
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT });
  } catch (error) {
    return aliasFailure(doc, lineCounter, error);
  }

  const sourceMap = buildSourceMap(doc, lineCounter, maxDepth);
  const tooBig = checkExpandedSize(value, maxDepth, options.maxValues ?? DEFAULT_MAX_VALUES);
  if (tooBig) {
    const pos = sourceMap.locate(tooBig.path, "key");
    return fail(tooBig.message, tooBig.path.at(-1) === "__proto__" ? "invalid" : "limit", pos?.line, pos?.column, tooBig.path);
  }
  return { ok: true, value: value as Record<string, unknown>, sourceMap };
}

function isScalarNull(node: unknown): boolean {
  return node !== null && typeof node === "object" && "value" in node && (node as { value: unknown }).value === null;
}

/** toJS throws for alias abuse and dangling aliases; report it at the first alias in the text. */
function aliasFailure(doc: Document, lineCounter: LineCounter, error: unknown): ParseComposeResult {
  const raw = error instanceof Error ? error.message : String(error);
  const dangling = /Unresolved alias/.test(raw);
  let offset = 0;
  let found = false;
  visit(doc, {
    Alias(_key, node) {
      if (!found && isAlias(node) && (!dangling || node.resolve(doc) === undefined)) {
        offset = node.range?.[0] ?? 0;
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const { line, col } = lineCounter.linePos(offset);
  const message = /Excessive alias count/.test(raw)
    ? 'too many YAML alias expansions (a "billion laughs" document?); the alias budget protects the control plane'
    : dangling
      ? `invalid YAML alias: ${raw}`
      : `the YAML document could not be converted (${raw})`;
  return fail(message, /Excessive/.test(raw) ? "limit" : "yaml", Math.max(line, 1), Math.max(col, 1), pathAtOffset(doc, offset));
}
