import { z } from "zod";
import { hint } from "./did-you-mean";
import type { IssueList } from "./issue-list";
import { describe } from "./schema-primitives";
import type { PathSegment } from "./types";

type ZodIssue = z.core.$ZodIssue;

export function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter((segment): segment is string | number => typeof segment === "string" || typeof segment === "number");
}

const EXPECTED: Record<string, string> = { record: "a mapping", object: "a mapping", array: "a list" };

/** Rewrites zod's generic wording ("Invalid input") into compose terms. */
export function friendlyMessage(issue: ZodIssue): string {
  const last = toPath(issue.path)
    .filter((segment) => typeof segment === "string")
    .pop();
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) {
        return last ? `${last} is required` : "a value is required";
      }
      return `expected ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}, got ${describe(issue.input)}`;
    case "invalid_value": {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(", ");
      const suggestion = typeof issue.input === "string" ? hint(issue.input, issue.values.map(String)) : "";
      return `must be one of ${allowed}, got ${describe(issue.input)}${suggestion}`;
    }
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) === 1 ? "must not be empty" : `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}`;
    case "invalid_union":
      return `${describe(issue.input)} is not an accepted value here`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => JSON.stringify(key)).join(", ")}`;
    default:
      return issue.message;
  }
}

/** Reports zod issues with locations; unknown keys are reported one by one, at the key. */
export function reportZodIssues(error: z.ZodError, issues: IssueList, prefix: PathSegment[] = []): void {
  for (const issue of error.issues) {
    const path = [...prefix, ...toPath(issue.path)];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.error("unknown-key", [...path, key], `unknown key "${key}"`, "key");
      continue;
    }
    const required = issue.code === "invalid_type" && issue.input === undefined;
    issues.error(required ? "required" : "invalid", path, friendlyMessage(issue));
  }
}

/** Re-raises issues of a nested safeParse (used inside transforms) with friendly messages. */
export function forwardIssues(ctx: z.RefinementCtx, error: z.ZodError, prefix: PropertyKey[] = []): typeof z.NEVER {
  for (const issue of error.issues) {
    ctx.addIssue({ code: "custom", message: friendlyMessage(issue), path: [...prefix, ...issue.path], input: issue.input });
  }
  return z.NEVER;
}
