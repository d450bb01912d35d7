import { matchGlob } from "@/lib/protocol/glob";
import { affinityLabel } from "./affinity-labels";
import type { PlacementRule } from "./extensions";
import type { PortProtocol } from "./parse-ports";

// Pure node choice for what Swarm's scheduler cannot do: binpack (Swarm always spreads),
// alternatives and wildcards in constraints, and soft rules. The control plane feeds in the
// inventory the agents report and pins the service to the chosen node(s).

export interface NodeCapacity {
  id: string;
  hostname: string;
  labels?: Record<string, string>;
  /** Ready and active (not drained/paused). Defaults to true. */
  schedulable?: boolean;
  cpus: number;
  memoryBytes: number;
  gpus: number;
  allocated: { cpus: number; memoryBytes: number; gpus: number; ports: string[] };
}

export interface NodeRequest {
  cpus?: number;
  memoryBytes?: number;
  gpus?: number;
  /** Host ports the task publishes; each must be free on the node. */
  ports?: { published: number; protocol: PortProtocol }[];
  /** Classic rules; hard ones filter nodes, soft ones rank them. */
  rules?: PlacementRule[];
  /** Needed to evaluate `affinity:service==x` within the same application. */
  appName?: string;
}

export type ChooseNodeResult =
  | { ok: true; node: NodeCapacity; utilisation: number }
  | { ok: false; reason: string; rejected: { id: string; hostname: string; reason: string }[] };

function nodeValue(node: NodeCapacity, rule: PlacementRule, value: string, appName: string): { actual: string; expected: string } {
  const labels = node.labels ?? {};
  if (rule.kind === "affinity") {
    const key = affinityLabel(rule.key, value, appName);
    return { actual: key ? (labels[key] ?? "") : "", expected: "true" };
  }
  if (rule.key === "node" || rule.key === "node.hostname") return { actual: node.hostname, expected: value };
  if (rule.key === "node.id") return { actual: node.id, expected: value };
  const label = rule.key.startsWith("node.labels.") ? rule.key.slice("node.labels.".length) : rule.key;
  return { actual: labels[label] ?? "", expected: value };
}

/** Whether a node satisfies one classic rule (ignoring whether it is soft). */
export function nodeMatchesRule(node: NodeCapacity, rule: PlacementRule, appName = ""): boolean {
  const matches = rule.values.some((value) => {
    const { actual, expected } = nodeValue(node, rule, value, appName);
    // linear-time matcher: constraint values come from tenants' compose files (issue 9, finding 4)
    return rule.glob ? matchGlob(expected, actual) : actual === expected;
  });
  return rule.op === "==" ? matches : !matches;
}

const free = (total: number, used: number): number => Math.max(0, total - used);
const fmt = (n: number): string => String(Math.round(n * 100) / 100);

/** Why the node cannot take the request, or undefined when it fits. */
function rejection(node: NodeCapacity, request: NodeRequest): string | undefined {
  if (node.schedulable === false) return "node is not ready or not active";
  const cpus = request.cpus ?? 0;
  const memory = request.memoryBytes ?? 0;
  const gpus = request.gpus ?? 0;
  if (cpus > free(node.cpus, node.allocated.cpus))
    return `not enough CPU (needs ${fmt(cpus)}, ${fmt(free(node.cpus, node.allocated.cpus))} free)`;
  const freeMemory = free(node.memoryBytes, node.allocated.memoryBytes);
  if (memory > freeMemory) return `not enough memory (needs ${memory} bytes, ${freeMemory} free)`;
  if (gpus > 0 && gpus > free(node.gpus, node.allocated.gpus))
    return `not enough GPUs (needs ${gpus}, ${free(node.gpus, node.allocated.gpus)} free)`;
  for (const port of request.ports ?? []) {
    const key = `${port.published}/${port.protocol}`;
    if (node.allocated.ports.includes(key)) return `port ${key} is already in use`;
  }
  for (const rule of request.rules ?? []) {
    if (!rule.soft && !nodeMatchesRule(node, rule, request.appName)) return `${rule.expression} is not met`;
  }
  return undefined;
}

/** Share of the node in use after placing the request: mean of CPU, memory (and GPU when used). */
function utilisation(node: NodeCapacity, request: NodeRequest): number {
  const share = (used: number, total: number): number => (total > 0 ? Math.min(1, used / total) : 0);
  const parts = [
    share(node.allocated.cpus + (request.cpus ?? 0), node.cpus),
    share(node.allocated.memoryBytes + (request.memoryBytes ?? 0), node.memoryBytes),
  ];
  if ((request.gpus ?? 0) > 0) parts.push(share(node.allocated.gpus + (request.gpus ?? 0), node.gpus));
  return parts.reduce((sum, part) => sum + part, 0) / parts.length;
}

function choose(nodes: readonly NodeCapacity[], request: NodeRequest, prefer: "most" | "least"): ChooseNodeResult {
  const rejected: { id: string; hostname: string; reason: string }[] = [];
  const candidates: { node: NodeCapacity; utilisation: number; soft: number }[] = [];
  for (const node of nodes) {
    const reason = rejection(node, request);
    if (reason) rejected.push({ id: node.id, hostname: node.hostname, reason });
    else {
      const soft = (request.rules ?? []).filter((rule) => rule.soft && nodeMatchesRule(node, rule, request.appName)).length;
      candidates.push({ node, utilisation: utilisation(node, request), soft });
    }
  }
  if (candidates.length === 0) {
    const reason =
      nodes.length === 0 ? "the cluster has no nodes" : `no node fits: ${rejected.map((r) => `${r.hostname}: ${r.reason}`).join("; ")}`;
    return { ok: false, reason, rejected };
  }
  // Soft rules first, then the strategy, then the host name so equal nodes give a stable answer.
  candidates.sort(
    (a, b) =>
      b.soft - a.soft ||
      (prefer === "most" ? b.utilisation - a.utilisation : a.utilisation - b.utilisation) ||
      a.node.hostname.localeCompare(b.node.hostname) ||
      a.node.id.localeCompare(b.node.id),
  );
  const best = candidates[0];
  if (!best) return { ok: false, reason: "no node fits", rejected };
  return { ok: true, node: best.node, utilisation: best.utilisation };
}

/** Binpack: the most-allocated node that still fits, so other nodes stay free for large tasks. */
export function chooseBinpackNode(nodes: readonly NodeCapacity[], request: NodeRequest): ChooseNodeResult {
  return choose(nodes, request, "most");
}

/** Spread: the least-allocated node that fits. */
export function chooseSpreadNode(nodes: readonly NodeCapacity[], request: NodeRequest): ChooseNodeResult {
  return choose(nodes, request, "least");
}

/**
 * Places `replicas` tasks one after another, counting each placement against the node, and
 * returns the node id per replica (or why a replica does not fit). The control plane labels the
 * distinct nodes with the service's pin label, or uses `node.id==<id>` when there is one.
 */
export interface PlaceReplicasOptions {
  nodes: readonly NodeCapacity[];
  request: NodeRequest;
  replicas: number;
  strategy: "spread" | "binpack";
}

export function placeReplicas(
  options: PlaceReplicasOptions,
): { ok: true; nodeIds: string[] } | { ok: false; placed: string[]; reason: string } {
  const nodes = options.nodes.map((node) => ({ ...node, allocated: { ...node.allocated, ports: [...node.allocated.ports] } }));
  const placed: string[] = [];
  for (let replica = 0; replica < options.replicas; replica++) {
    const result = options.strategy === "binpack" ? chooseBinpackNode(nodes, options.request) : chooseSpreadNode(nodes, options.request);
    if (!result.ok) return { ok: false, placed, reason: `replica ${replica + 1}: ${result.reason}` };
    const node = result.node;
    node.allocated.cpus += options.request.cpus ?? 0;
    node.allocated.memoryBytes += options.request.memoryBytes ?? 0;
    node.allocated.gpus += options.request.gpus ?? 0;
    for (const port of options.request.ports ?? []) node.allocated.ports.push(`${port.published}/${port.protocol}`);
    placed.push(node.id);
  }
  return { ok: true, nodeIds: placed };
}
