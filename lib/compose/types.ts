// Shared types for the compose library. Everything here is plain data so results can cross
// process boundaries (API responses, job payloads) without conversion.

/** One step in a path through the compose document: a mapping key or a sequence index. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** 1-based line and column in the uploaded text. */
export interface Position {
  line: number;
  column: number;
}

/** "info": something the author should know that is neither wrong nor risky (shown as a note in the preview). */
export type Severity = "error" | "warning" | "info";

/**
 * A closed set of issue kinds, so the console can group or filter them without parsing messages.
 * - yaml: the text is not valid YAML (or uses a YAML feature we refuse, such as custom tags)
 * - limit: a size, depth or alias limit protecting the control plane was exceeded
 * - interpolation: a `${VAR}` expression is malformed or a required variable is missing
 * - unknown-key: a key that compose does not define (often a typo)
 * - unsupported: a key or label Wharf recognises but cannot honour on Docker Swarm
 * - invalid: a value of the wrong type or outside its allowed range
 * - required: a mandatory value is missing
 * - reference: a name refers to something that is not declared
 * - cycle: dependencies form a loop
 * - conflict: two settings contradict each other
 * - policy: the cluster's workload policy forbids it (host paths, capabilities, host network…)
 * - internal: a bug in Wharf, not in the file
 */
export type IssueCode =
  | "yaml"
  | "limit"
  | "interpolation"
  | "unknown-key"
  | "unsupported"
  | "invalid"
  | "required"
  | "reference"
  | "cycle"
  | "conflict"
  | "policy"
  | "internal";

export interface Issue {
  severity: Severity;
  code: IssueCode;
  /** Dotted path such as `services.web.ports[0]` or `services.web.labels["aliyun.scale"]`; "" is the document root. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** Resolves a document path to where it was written; "key" points at the mapping key itself. */
export type Locate = (path: Path, at?: "key" | "value") => Position | undefined;
