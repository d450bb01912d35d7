import type { Issue, IssueCode, Locate, Path, Severity } from "./types";

const IDENTIFIER = /^[A-Za-z0-9_-]+$/;

/** Formats a path the way users read it: `services.web.ports[0]`, `labels["aliyun.scale"]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Collects issues with their source positions. Modules share one instance per run so the order of
 * issues follows the pipeline, and every issue is located at the moment it is raised.
 */
export class IssueList {
  readonly items: Issue[] = [];

  constructor(private readonly locate: Locate = () => undefined) {}

  add(severity: Severity, code: IssueCode, path: Path, message: string, at: "key" | "value" = "value"): void {
    const position = this.locate(path, at);
    const issue: Issue = { severity, code, path: formatPath(path), message };
    if (position) {
      issue.line = position.line;
      issue.column = position.column;
    }
    this.items.push(issue);
  }

  error(code: IssueCode, path: Path, message: string, at: "key" | "value" = "value"): void {
    this.add("error", code, path, message, at);
  }

  warn(code: IssueCode, path: Path, message: string, at: "key" | "value" = "value"): void {
    this.add("warning", code, path, message, at);
  }

  note(code: IssueCode, path: Path, message: string, at: "key" | "value" = "value"): void {
    this.add("info", code, path, message, at);
  }

  get errors(): Issue[] {
    return this.items.filter((issue) => issue.severity === "error");
  }

  get warnings(): Issue[] {
    return this.items.filter((issue) => issue.severity === "warning");
  }

  get hasErrors(): boolean {
    return this.items.some((issue) => issue.severity === "error");
  }
}
