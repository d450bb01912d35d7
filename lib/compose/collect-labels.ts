import type { IssueList } from "./issue-list";
import type { ComposeService } from "./schema-service";
import type { PathSegment } from "./types";

/** One extension label after twin resolution: `name` is the part after `wharf.` / `aliyun.`. */
export interface LabelEntry {
  name: string;
  /** The label as written, e.g. "aliyun.auto_scaling.max_cpu". */
  label: string;
  value: string;
  path: PathSegment[];
}

/** A classic scheduling expression found in environment or labels (`constraint:node==x`). */
export interface SchedulingEntry {
  text: string;
  path: PathSegment[];
}

export interface CollectedLabels {
  extensions: Map<string, LabelEntry>;
  scheduling: SchedulingEntry[];
  /** `com.docker.swarm.*` standalone-Swarm labels. */
  swarm: LabelEntry[];
}

const NAMESPACES = ["wharf.", "aliyun."] as const;
/** Environment or label names that are classic scheduling entries (`constraint:node==x`), not values. */
export const CLASSIC_SCHEDULING = /^(constraint|affinity|reschedule):/;

/** Rebuilds `constraint:node==x` from the NAME=value split that environment and labels went through. */
function classicText(key: string, value: string): string {
  return value === "" ? key : `${key}=${value}`;
}

/**
 * Gathers extension labels from `labels` and `deploy.labels` (compose v3 templates put them under
 * deploy), and classic scheduling entries from `environment` and labels. When `wharf.X` and
 * `aliyun.X` are both present the wharf label wins; a differing aliyun value gets a warning.
 */
export function collectLabels(service: ComposeService, base: PathSegment[], issues: IssueList): CollectedLabels {
  const merged = new Map<string, { value: string; path: PathSegment[] }>();
  const sources: [Record<string, string>, PathSegment[]][] = [
    [service.labels, [...base, "labels"]],
    [service.deploy.labels, [...base, "deploy", "labels"]],
  ];
  for (const [labels, path] of sources) {
    for (const [key, value] of Object.entries(labels)) {
      const previous = merged.get(key);
      if (previous && previous.value !== value) {
        issues.error("conflict", [...path, key], `label "${key}" is set in both labels and deploy.labels with different values`, "key");
        continue;
      }
      merged.set(key, { value, path: [...path, key] });
    }
  }

  const result: CollectedLabels = { extensions: new Map(), scheduling: [], swarm: [] };
  for (const [key, value] of Object.entries(service.environment)) {
    if (CLASSIC_SCHEDULING.test(key)) result.scheduling.push({ text: classicText(key, value), path: [...base, "environment", key] });
  }
  for (const [key, { value, path }] of merged) {
    if (CLASSIC_SCHEDULING.test(key)) {
      result.scheduling.push({ text: classicText(key, value), path });
      continue;
    }
    if (key.startsWith("com.docker.swarm.")) {
      result.swarm.push({ name: key.slice("com.docker.swarm.".length), label: key, value, path });
      continue;
    }
    const namespace = NAMESPACES.find((prefix) => key.startsWith(prefix));
    if (!namespace) continue;
    const name = key.slice(namespace.length);
    const existing = result.extensions.get(name);
    if (existing) {
      const [wharf, aliyun] = namespace === "wharf." ? [{ label: key, value, path }, existing] : [existing, { label: key, value, path }];
      if (wharf.value !== aliyun.value) {
        issues.warn("conflict", aliyun.path, `${aliyun.label} is ignored because ${wharf.label} is also set`, "key");
      }
      result.extensions.set(name, { name, label: wharf.label, value: wharf.value, path: wharf.path });
      continue;
    }
    result.extensions.set(name, { name, label: key, value, path });
  }
  return result;
}
