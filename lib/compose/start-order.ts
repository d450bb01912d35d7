import { hint } from "./did-you-mean";
import type { ServiceExtensions } from "./extensions";
import { IssueList } from "./issue-list";
import { hasOwn } from "./plain";
import type { ComposeApp } from "./schema-compose";
import type { Issue, Locate, PathSegment } from "./types";

interface Edge {
  from: string;
  to: string;
  path: PathSegment[];
  at: "key" | "value";
}

export type StartOrderResult = { ok: true; order: string[]; levels: string[][]; issues: Issue[] } | { ok: false; issues: Issue[] };

/** Where the effective `depends` label was written (wharf wins over aliyun, as in parseLabels). */
function dependsLabelPath(labels: Record<string, string>, deployLabels: Record<string, string>, name: string): PathSegment[] {
  for (const key of ["wharf.depends", "aliyun.depends"]) {
    if (hasOwn(labels, key)) return ["services", name, "labels", key];
    if (hasOwn(deployLabels, key)) return ["services", name, "deploy", "labels", key];
  }
  return ["services", name];
}

function collectEdges(app: ComposeApp, extensions: Record<string, ServiceExtensions>): Edge[] {
  const edges: Edge[] = [];
  for (const [name, service] of Object.entries(app.services)) {
    for (const dependency of Object.keys(service.depends_on)) {
      edges.push({ from: name, to: dependency, path: ["services", name, "depends_on", dependency], at: "key" });
    }
    const labelPath = dependsLabelPath(service.labels, service.deploy.labels, name);
    for (const dependency of extensions[name]?.depends ?? []) {
      edges.push({ from: name, to: dependency, path: labelPath, at: "value" });
    }
  }
  return edges;
}

/** Finds one cycle with depth-first search, returned as the edges that form it. */
function findCycle(names: string[], edges: Edge[]): Edge[] | undefined {
  const outgoing = new Map<string, Edge[]>(names.map((name) => [name, []]));
  for (const edge of edges) outgoing.get(edge.from)?.push(edge);
  const state = new Map<string, "visiting" | "done">();
  const stack: Edge[] = [];
  const visit = (name: string): Edge[] | undefined => {
    state.set(name, "visiting");
    for (const edge of outgoing.get(name) ?? []) {
      stack.push(edge);
      const next = state.get(edge.to);
      if (next === "visiting") return stack.slice(stack.findIndex((e) => e.from === edge.to));
      if (next === undefined) {
        const cycle = visit(edge.to);
        if (cycle) return cycle;
      }
      stack.pop();
    }
    state.set(name, "done");
    return undefined;
  };
  for (const name of names) {
    if (state.get(name) === undefined) {
      const cycle = visit(name);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

/**
 * Start order from `depends_on` and the `depends` labels: `levels` are batches whose services may
 * start together, `order` is the same flattened. Unknown services and cycles are errors located
 * at the dependency that introduces them.
 */
export function startOrder(app: ComposeApp, extensions: Record<string, ServiceExtensions> = {}, locate?: Locate): StartOrderResult {
  const issues = new IssueList(locate);
  const names = Object.keys(app.services);
  const edges: Edge[] = [];
  for (const edge of collectEdges(app, extensions)) {
    if (edge.from === edge.to) issues.error("cycle", edge.path, `service "${edge.from}" cannot depend on itself`, edge.at);
    else if (!names.includes(edge.to))
      issues.error(
        "reference",
        edge.path,
        `service "${edge.from}" depends on unknown service "${edge.to}"${hint(edge.to, names)}`,
        edge.at,
      );
    else edges.push(edge);
  }
  const cycle = findCycle(names, edges);
  if (cycle && cycle[0]) {
    const loop = [...cycle.map((edge) => edge.from), cycle[0].from].join(" → ");
    issues.error("cycle", cycle[0].path, `dependency cycle: ${loop}`, cycle[0].at);
  }
  if (issues.hasErrors) return { ok: false, issues: issues.items };

  const remaining = new Set(names);
  const levels: string[][] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter((name) => !edges.some((edge) => edge.from === name && remaining.has(edge.to))).sort();
    levels.push(ready);
    for (const name of ready) remaining.delete(name);
  }
  return { ok: true, order: levels.flat(), levels, issues: issues.items };
}
