import { hint } from "./did-you-mean";
import type { IssueList } from "./issue-list";
import type { KeyRule } from "./key-rules";
import { isRecord, type PlainObject } from "./plain";
import type { PathSegment } from "./types";

/**
 * Checks every key of `object` (and of its nested objects) against `rule`, in place:
 * `x-` extension keys are removed (they exist for YAML anchors), unsupported keys are removed with
 * their warning or error, unknown keys are removed with an error and a "did you mean" hint. What
 * remains is exactly what the zod schema knows, so zod reports only value problems.
 */
export function walkKeys(object: PlainObject, path: PathSegment[], rule: KeyRule, issues: IssueList): void {
  const vocabulary = [...rule.known, ...Object.keys(rule.unsupported ?? {})];
  for (const key of Object.keys(object)) {
    const keyPath = [...path, key];
    if (key.startsWith("x-")) {
      delete object[key];
      continue;
    }
    if (rule.known.includes(key)) {
      const child = rule.children?.[key];
      if (child) walkChild(object[key], keyPath, child.kind, child.rule, issues);
      continue;
    }
    const unsupported = rule.unsupported?.[key];
    if (unsupported) {
      issues.add(unsupported.severity, "unsupported", keyPath, `${key}: ${unsupported.message}`, "key");
    } else {
      issues.error("unknown-key", keyPath, `unknown key "${key}"${hint(key, vocabulary)}`, "key");
    }
    delete object[key];
  }
}

function walkChild(value: unknown, path: PathSegment[], kind: "object" | "entries" | "items", rule: KeyRule, issues: IssueList): void {
  if (kind === "object") {
    if (isRecord(value)) walkKeys(value, path, rule, issues);
  } else if (kind === "entries") {
    if (!isRecord(value)) return;
    for (const [name, entry] of Object.entries(value)) {
      if (isRecord(entry)) walkKeys(entry, [...path, name], rule, issues);
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (isRecord(item)) walkKeys(item, [...path, index], rule, issues);
    });
  }
}
