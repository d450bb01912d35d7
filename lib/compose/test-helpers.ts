// Shared by the unit tests: run the pipeline up to a validated app without building specs.
import { interpolate } from "./interpolate";
import { normalize } from "./normalize";
import { parseCompose } from "./parse-compose";
import type { ComposeApp } from "./schema-compose";
import type { Issue } from "./types";
import { validate } from "./validate";

export function compile(text: string, env: Record<string, string> = {}): { app?: ComposeApp; issues: Issue[] } {
  const parsed = parseCompose(text);
  if (!parsed.ok) return { issues: parsed.errors };
  const locate = parsed.sourceMap.locator;
  const interpolated = interpolate({ value: parsed.value, env, locate });
  const normalized = normalize({ value: interpolated.value, env, sourceMap: parsed.sourceMap });
  const validated = validate({ doc: normalized.doc, format: normalized.format, locate });
  return { app: validated.app, issues: [...interpolated.issues, ...normalized.issues, ...validated.issues] };
}

/** Like compile but fails the test when there are errors. */
export function compileOk(text: string, env: Record<string, string> = {}): { app: ComposeApp; issues: Issue[] } {
  const result = compile(text, env);
  const errors = result.issues.filter((issue) => issue.severity === "error");
  if (!result.app || errors.length > 0) throw new Error(`expected a valid file, got: ${JSON.stringify(errors, null, 2)}`);
  return { app: result.app, issues: result.issues };
}

export const errorsOf = (issues: Issue[]): Issue[] => issues.filter((issue) => issue.severity === "error");
export const warningsOf = (issues: Issue[]): Issue[] => issues.filter((issue) => issue.severity === "warning");
