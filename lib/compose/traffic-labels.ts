import type { LabelEntry } from "./collect-labels";
import type { ClusterLoadBalancer, LbBinding, ServiceExtensions } from "./extensions";
import type { IssueList } from "./issue-list";
import { parseLbTarget, readLabel } from "./label-values";
import type { ComposeService } from "./schema-service";

// `lb.port_*` and `routing.port_*`: which container port each binding reaches, and (when the
// compiler is given the cluster's load balancers) whether the balancer it names exists there.

export interface TrafficLabelOptions {
  ext: ServiceExtensions;
  lb: { port: number; entry: LabelEntry }[];
  routing: { containerPort: number; entry: LabelEntry }[];
  service: ComposeService;
  issues: IssueList;
  /** The target cluster's load balancers; absent, bindings are not checked against any. */
  loadBalancers?: readonly ClusterLoadBalancer[];
}

const DRIVER_LABEL: Record<ClusterLoadBalancer["driver"], string> = {
  haproxy: "HAProxy",
  "aliyun-slb": "Alibaba Cloud SLB",
  "aws-elbv2": "AWS ELBv2",
};

export const describeLb = (lb: ClusterLoadBalancer) => `${lb.name} (${DRIVER_LABEL[lb.driver]}${lb.routing ? ", routing" : ""})`;

/** The balancer a label names: by name first (what people write), then by id. */
export function findClusterLb(loadBalancers: readonly ClusterLoadBalancer[], nameOrId: string): ClusterLoadBalancer | undefined {
  return loadBalancers.find((lb) => lb.name === nameOrId) ?? loadBalancers.find((lb) => lb.id === nameOrId);
}

function existing(loadBalancers: readonly ClusterLoadBalancer[]): string {
  if (loadBalancers.length === 0) return "this cluster has no load balancers yet; create one on the cluster's Load balancers page";
  return `this cluster has ${loadBalancers.map(describeLb).join(", ")}`;
}

/** The published number of a port the traffic layer reaches is not used: say so, once per port. */
function noteIgnoredPublished(
  o: TrafficLabelOptions & { noted: Set<string> },
  entry: LabelEntry,
  target: number,
  protocol: "tcp" | "udp",
  through: string,
): void {
  const fixed = o.service.ports.filter((p) => p.target === target && p.protocol === protocol && p.published !== undefined);
  if (fixed.length === 0 || o.noted.has(`${target}/${protocol}`)) return;
  o.noted.add(`${target}/${protocol}`);
  const written = fixed.map((p) => `"${p.published}:${p.target}${protocol === "udp" ? "/udp" : ""}"`).join(", ");
  o.issues.note(
    "unsupported",
    entry.path,
    `${entry.label}: the published port in ports ${written} is ignored: container port ${target}/${protocol} is published on a host port the engine picks for each task, so any number of replicas fit on a node; clients reach it through ${through}`,
    "key",
  );
}

function checkBinding(o: TrafficLabelOptions, entry: LabelEntry, binding: LbBinding): void {
  if (!o.loadBalancers) return;
  const lb = findClusterLb(o.loadBalancers, binding.lbName);
  if (!lb) {
    o.issues.error(
      "reference",
      entry.path,
      `${entry.label}: there is no load balancer named "${binding.lbName}" in this cluster; ${existing(o.loadBalancers)}`,
    );
    return;
  }
  if (lb.driver === "haproxy" && binding.protocol === "udp") {
    o.issues.error(
      "unsupported",
      entry.path,
      `${entry.label}: ${describeLb(lb)} cannot balance UDP; bind UDP ports to a cloud load balancer`,
    );
  }
  if (lb.driver === "aws-elbv2" && (binding.scheme === "http" || binding.scheme === "https")) {
    o.issues.warn(
      "unsupported",
      entry.path,
      `${entry.label}: ${binding.scheme} listeners need an Application Load Balancer; if ${lb.name} is a Network Load Balancer, use tcp`,
    );
  }
}

function checkBindings(o: TrafficLabelOptions & { noted: Set<string> }): void {
  const fronts = new Map<string, string>();
  for (const { port, entry } of o.lb) {
    const target = readLabel(o.issues, entry, parseLbTarget(entry.value));
    if (!target) continue;
    const protocol = target.scheme === "udp" ? "udp" : "tcp";
    const ports = o.service.ports.filter((p) => p.protocol === protocol);
    // The label names the container port; templates often name the published port instead
    // (the MISSION example publishes 8080:80 with lb.port_8080), so fall back to that.
    const mapping = ports.find((p) => p.target === port) ?? ports.find((p) => p.published === port);
    if (!mapping) {
      o.issues.error(
        "reference",
        entry.path,
        `${entry.label}: the service must list container port ${port}/${protocol} under ports (e.g. ports: ["${port}${protocol === "udp" ? "/udp" : ""}"]) for the load balancer to reach it`,
      );
      continue;
    }
    const frontKey = `${target.lbName}:${target.frontPort}`;
    const previous = fronts.get(frontKey);
    if (previous) o.issues.error("conflict", entry.path, `${entry.label}: listener ${frontKey} is already bound by ${previous}`);
    fronts.set(frontKey, entry.label);
    const binding: LbBinding = { containerPort: mapping.target, protocol, ...target, label: entry.label };
    o.ext.lb.push(binding);
    noteIgnoredPublished(o, entry, mapping.target, protocol, `load balancer ${target.lbName}:${target.frontPort}`);
    checkBinding(o, entry, binding);
  }
}

function checkRouting(o: TrafficLabelOptions & { noted: Set<string> }): void {
  for (const { containerPort, entry } of o.routing) {
    noteIgnoredPublished(o, entry, containerPort, "tcp", "the cluster's routing tier");
    const rule = o.ext.routing.rules.find((r) => r.containerPort === containerPort);
    const external = rule?.routes.some((route) => !route.internal) ?? false;
    if (!o.loadBalancers || !external) continue;
    if (!o.loadBalancers.some((lb) => lb.routing)) {
      o.issues.error(
        "reference",
        entry.path,
        `${entry.label}: routing needs the cluster's routing load balancer and this cluster has none; create an HAProxy load balancer with "routing" on (cluster → Load balancers)`,
      );
    }
  }
}

/** Builds the lb bindings and checks bindings and routing rules against the cluster. */
export function checkTrafficLabels(o: TrafficLabelOptions): void {
  const withNotes = { ...o, noted: new Set<string>() };
  checkBindings(withNotes);
  checkRouting(withNotes);
}
