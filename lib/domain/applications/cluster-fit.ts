/**
 * What the cluster can tell about a template before it is deployed (the preview knows the cluster):
 * placement constraints no ready node matches, GPU reservations no eligible node has, volume
 * drivers no eligible node has (Swarm's "missing plugin"), and more replicas than eligible nodes for a service that publishes a fixed host port (every port is
 * published in host mode, one task per node). Swarm would leave such tasks pending with "no
 * suitable node" and the deployment would fail after its grace; the preview says so first.
 *
 * Only what the control plane knows is judged: constraints on engine labels or the platform are
 * taken as met (the inventory does not carry them), and a service Wharf pins itself (binpack,
 * alternatives) is judged by its placement at deploy time, not here.
 */
import type { ComposeIssue } from "@/lib/schemas/applications";
import type { CompiledTemplate } from "./compile-template";
import { specMode, specPlacement, specPorts, specReservations, specVolumeDrivers } from "./service-facts";

export type FitNode = {
  hostname: string;
  swarmNodeId: string | null;
  role: "MANAGER" | "WORKER";
  /** The node's Swarm labels as last seen (or, before the swarm reported them, the desired ones). */
  labels: Record<string, string>;
  gpuCount: number;
  /** Active, not drained or paused. */
  schedulable: boolean;
  /** The engine's volume drivers (its inventory); null when its agent has not reported them. */
  volumeDrivers: string[] | null;
};

type Constraint = { key: string; op: "==" | "!="; value: string };

/** Swarm's `key==value` / `key!=value` form; null for what it is not. */
export function parseConstraint(text: string): Constraint | null {
  const m = /^\s*([A-Za-z0-9_.\-]+)\s*(==|!=)\s*(.*?)\s*$/.exec(text);
  return m?.[1] && m[2] && m[3] !== undefined ? { key: m[1], op: m[2] as Constraint["op"], value: m[3] } : null;
}

/** The node's value for a constraint key; undefined when the control plane cannot know it. */
function nodeValue(node: FitNode, key: string): string | undefined {
  if (key === "node.id") return node.swarmNodeId ?? "";
  if (key === "node.hostname") return node.hostname;
  if (key === "node.role") return node.role.toLowerCase();
  if (key.startsWith("node.labels.")) return node.labels[key.slice("node.labels.".length)] ?? "";
  return undefined;
}

/** Whether a node meets a constraint; Swarm compares case-insensitively, and a missing label never equals. */
export function meetsConstraint(node: FitNode, c: Constraint): boolean {
  const actual = nodeValue(node, c.key);
  if (actual === undefined) return true;
  const equal = actual !== "" && actual.toLowerCase() === c.value.toLowerCase();
  return c.op === "==" ? equal : !equal;
}

/** Swarm's plugin match: the same name, or the name of a managed plugin without its `:latest`. */
const hasDriver = (node: FitNode, name: string) => (node.volumeDrivers ?? []).some((d) => d === name || d === `${name}:latest`);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const warning = (path: string, message: string): ComposeIssue => ({ severity: "warning", code: "cluster", path, message });

/** The warnings for deploying `services` on a cluster whose ready nodes are `nodes`. */
export function clusterFitWarnings({ services, nodes }: { services: CompiledTemplate["services"]; nodes: FitNode[] }): ComposeIssue[] {
  if (nodes.length === 0)
    return [warning("", "The cluster has no ready node: nothing will run until a machine joins it (Clusters → Add a machine)")];
  const out: ComposeIssue[] = [];
  for (const service of services) {
    const at = `services.${service.name}`;
    // The pin label is set on the chosen nodes during the deployment; no node has it yet.
    const pinKey = `node.labels.${service.pinning.label}`;
    const constraints = specPlacement(service.spec).flatMap((text) => {
      const c = parseConstraint(text);
      return c && c.key !== pinKey ? [c] : [];
    });
    const eligible = nodes.filter((n) => n.schedulable && constraints.every((c) => meetsConstraint(n, c)));
    if (eligible.length === 0) {
      const why = constraints.length
        ? `matches ${service.name}'s constraints (${constraints.map((c) => `${c.key} ${c.op} ${c.value}`).join(", ")})`
        : `is active (all are drained or paused)`;
      out.push(
        warning(
          constraints.length ? `${at}.deploy.placement.constraints` : at,
          `No ready node of the cluster ${why}: its tasks would wait as pending and the deployment fail`,
        ),
      );
      continue;
    }
    const { gpus } = specReservations(service.spec);
    const most = Math.max(...eligible.map((n) => n.gpuCount));
    if (gpus > most) {
      out.push(
        warning(
          `${at}.deploy.resources.reservations`,
          `${service.name} reserves ${plural(gpus, "GPU")}; no eligible node has that many (the most is ${most})`,
        ),
      );
    }
    // Judged only when every eligible node has reported its drivers: an older agent does not say.
    if (eligible.every((n) => n.volumeDrivers !== null)) {
      for (const driver of specVolumeDrivers(service.spec).filter((d) => d !== "local" && !eligible.some((n) => hasDriver(n, d)))) {
        out.push(
          warning(
            `${at}.volumes`,
            `${service.name} mounts a volume of driver "${driver}", which no eligible node has: Swarm would leave its tasks pending ("missing plugin"). Install the plugin on the nodes first`,
          ),
        );
      }
    }
    const { mode, replicas } = specMode(service.spec);
    const fixed = specPorts(service.spec).filter((p) => p.published !== null);
    if (mode === "replicated" && fixed.length > 0 && (replicas ?? 1) > eligible.length) {
      const port = fixed[0];
      out.push(
        warning(
          `${at}.ports`,
          `${service.name} publishes host port ${port?.published}/${port?.protocol}, so one task per node: at most ${eligible.length} of its ${replicas} replicas can run on the ${plural(eligible.length, "eligible node")}`,
        ),
      );
    }
  }
  return out;
}
