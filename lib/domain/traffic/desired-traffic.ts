/**
 * What every load balancer of a cluster should hold, computed from the desired state alone:
 * the applications' bindings (AppService.extensions: `lb.port_*`, `routing.port_*`), the tasks the
 * nodes last reported (NodeTasks) and the nodes themselves. Pure, so "which backends, which
 * listeners" is decided in one place and tested without a balancer.
 */
import type { LbBinding, ServiceExtensions } from "@/lib/compose/extensions";
import type { ListenerKey, ListenerSpec, LbProtocol, RouteSpec, WeightedBackend } from "@/lib/drivers/lb/types";
import { takesTraffic, type ReportedTask } from "@/lib/protocol/task-report";
import { expandRouteHost } from "./routing-domain";

export type TrafficLb = { id: string; name: string; routing: boolean; httpPort: number; httpsPort: number };

export type TrafficService = {
  applicationId: string;
  appServiceId: string;
  appName: string;
  /** Compose name ("web"). */
  name: string;
  /** Swarm service name ("shop_web"): what task reports carry. */
  swarmName: string;
  extensions: Pick<ServiceExtensions, "lb" | "routing">;
};

export type TrafficNode = { id: string; address: string | null; status: "PENDING" | "READY" | "UNREACHABLE" | "DOWN"; removed: boolean };

/**
 * A release running a service in two colours: the pool holds both sets of tasks. `toPercent` set:
 * the colours share new requests by that percentage (blue-green, canary, promotion, rollback);
 * null: every task weighs the same (a rolling release), except `drained` ones, which weigh 0.
 */
export type TrafficRelease = {
  services: { from: string; to: string }[];
  fromColour: string;
  toColour: string;
  toPercent: number | null;
  drained: string[];
};

export type TrafficInputs = {
  loadBalancers: TrafficLb[];
  /** Active releases of the cluster's applications. */
  releases?: TrafficRelease[];
  services: TrafficService[];
  nodes: TrafficNode[];
  tasks: { nodeId: string; tasks: ReportedTask[] }[];
  /** Where bare routing prefixes live: `web` → `web.<routingDomain>`. */
  routingDomain: string;
};

export type PoolBackend = WeightedBackend & { nodeId: string };

/** One pool: a plain listener's, or one route's of a routing listener. */
export type DesiredPool = {
  key: ListenerKey;
  service: { applicationId: string; appServiceId: string; swarmName: string; containerPort: number };
  hosts?: string[];
  pathPrefix?: string;
  backends: PoolBackend[];
};

export type DesiredLoadBalancer = { lbId: string; listeners: ListenerSpec[]; pools: DesiredPool[] };

/** Weight of a task in a pool with no release in progress (releases split by weight per colour). */
export const DEFAULT_WEIGHT = 100;

export function listenerId(key: ListenerKey): string {
  return `${key.protocol}:${key.port}${key.route ? `/${key.route}` : ""}`;
}

/** A name HAProxy and the clouds accept for a route: `<app>-<service>-<port>[-n]`. */
function routeName(service: TrafficService, containerPort: number, index: number): string {
  const base = `${service.appName}-${service.name}-${containerPort}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 56);
  return index === 0 ? base : `${base}-${index}`;
}

/** A port of a Swarm service, as a listener or route sends traffic to it. */
type ServicePort = { swarmName: string; containerPort: number; protocol: "tcp" | "udp" };

/**
 * The backends of one service port: every task that may take traffic, on a node the control plane
 * still counts (a node whose agent is only unreachable keeps its tasks: HAProxy's own health checks
 * guard the data path while the control plane cannot see it; a DOWN or removed node's do not).
 */
function backendsFor(
  inputs: TrafficInputs,
  nodes: ReadonlyMap<string, TrafficNode>,
  { swarmName, containerPort, protocol }: ServicePort,
): PoolBackend[] {
  const out: PoolBackend[] = [];
  for (const report of inputs.tasks) {
    const node = nodes.get(report.nodeId);
    if (!node || node.removed || !node.address || (node.status !== "READY" && node.status !== "UNREACHABLE")) continue;
    for (const task of report.tasks) {
      if (task.service !== swarmName || !takesTraffic(task)) continue;
      const port = task.ports.find((p) => p.target === containerPort && p.protocol === protocol);
      if (!port) continue;
      out.push({ id: task.taskId, address: node.address, port: port.published, weight: DEFAULT_WEIGHT, pool: "main", nodeId: node.id });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Per-task weights that split requests between two colours by percentage: with `from` tasks of the
 * old colour and `to` of the new, `toPercent` % of new requests go to the new colour. HAProxy (and
 * the clouds) take integer weights 0..256, so the pair is scaled down to fit, never to 0 unless meant.
 */
export function colourWeights(from: number, to: number, toPercent: number): { from: number; to: number } {
  const p = Math.min(100, Math.max(0, toPercent));
  let wFrom = (100 - p) * Math.max(to, 1);
  let wTo = p * Math.max(from, 1);
  const top = Math.max(wFrom, wTo);
  if (top > 256) {
    const scale = 256 / top;
    wFrom = wFrom === 0 ? 0 : Math.max(1, Math.round(wFrom * scale));
    wTo = wTo === 0 ? 0 : Math.max(1, Math.round(wTo * scale));
  }
  return { from: wFrom, to: wTo };
}

/** A service's backends, both colours' when a release runs it in two. */
function serviceBackends(inputs: TrafficInputs, nodes: ReadonlyMap<string, TrafficNode>, port: ServicePort): PoolBackend[] {
  const release = inputs.releases?.find((r) => r.services.some((s) => s.from === port.swarmName));
  const pair = release?.services.find((s) => s.from === port.swarmName);
  if (!release || !pair) return backendsFor(inputs, nodes, port);
  const from = backendsFor(inputs, nodes, { ...port, swarmName: pair.from }).map((b) => ({ ...b, pool: release.fromColour }));
  const to = backendsFor(inputs, nodes, { ...port, swarmName: pair.to }).map((b) => ({ ...b, pool: release.toColour }));
  const drained = new Set(release.drained);
  if (release.toPercent === null) return [...from, ...to].map((b) => (drained.has(b.id) ? { ...b, weight: 0 } : b));
  // A colour with no task that can serve does not take the other's share: requests go where tasks are.
  if (from.length === 0 || to.length === 0) return [...from, ...to];
  const w = colourWeights(from.length, to.length, release.toPercent);
  return [...from.map((b) => ({ ...b, weight: w.from })), ...to.map((b) => ({ ...b, weight: w.to }))];
}

function findLb(inputs: TrafficInputs, nameOrId: string): TrafficLb | undefined {
  return inputs.loadBalancers.find((lb) => lb.name === nameOrId) ?? inputs.loadBalancers.find((lb) => lb.id === nameOrId);
}

const listenerProtocol = (binding: LbBinding): LbProtocol => binding.scheme;

export function desiredTraffic(inputs: TrafficInputs): Map<string, DesiredLoadBalancer> {
  const result = new Map<string, DesiredLoadBalancer>(inputs.loadBalancers.map((lb) => [lb.id, { lbId: lb.id, listeners: [], pools: [] }]));
  const routingLb = inputs.loadBalancers.find((lb) => lb.routing);
  const routes = { http: [] as RouteSpec[], https: [] as RouteSpec[] };
  const services = [...inputs.services].sort((a, b) => a.swarmName.localeCompare(b.swarmName));
  const nodes = new Map(inputs.nodes.map((n) => [n.id, n]));

  for (const service of services) {
    for (const binding of service.extensions.lb) {
      // A binding to a balancer that does not exist (any more) is refused at preview; here it is skipped.
      const lb = findLb(inputs, binding.lbName);
      const target = lb && result.get(lb.id);
      if (!target) continue;
      const key: ListenerKey = { port: binding.frontPort, protocol: listenerProtocol(binding) };
      // Two services claiming one front port: the first (by swarm name) keeps it, deterministically.
      if (target.listeners.some((l) => l.port === key.port && l.protocol === key.protocol)) continue;
      target.listeners.push({ ...key });
      target.pools.push({
        key,
        service: {
          applicationId: service.applicationId,
          appServiceId: service.appServiceId,
          swarmName: service.swarmName,
          containerPort: binding.containerPort,
        },
        backends: serviceBackends(inputs, nodes, {
          swarmName: service.swarmName,
          containerPort: binding.containerPort,
          protocol: binding.protocol,
        }),
      });
    }
    const target = routingLb && result.get(routingLb.id);
    if (!routingLb || !target) continue;
    const sticky = service.extensions.routing.sessionSticky ?? false;
    for (const rule of service.extensions.routing.rules) {
      const backends = serviceBackends(inputs, nodes, { swarmName: service.swarmName, containerPort: rule.containerPort, protocol: "tcp" });
      // One route per (scheme, path): a route has one path prefix and any number of hosts.
      const groups = new Map<string, { scheme: "http" | "https"; path: string; hosts: string[] }>();
      for (const route of rule.routes) {
        if (route.internal) continue;
        const path = route.path ?? "/";
        const groupKey = `${route.scheme} ${path}`;
        const group = groups.get(groupKey) ?? { scheme: route.scheme, path, hosts: [] };
        group.hosts.push(expandRouteHost(route, inputs.routingDomain));
        groups.set(groupKey, group);
      }
      [...groups.values()].forEach((group, index) => {
        const name = routeName(service, rule.containerPort, index);
        const port = group.scheme === "https" ? routingLb.httpsPort : routingLb.httpPort;
        const protocol: LbProtocol = group.scheme;
        const hosts = [...new Set(group.hosts)].sort();
        routes[group.scheme].push({ name, hosts, pathPrefix: group.path, stickySessions: sticky });
        target.pools.push({
          key: { port, protocol, route: name },
          service: {
            applicationId: service.applicationId,
            appServiceId: service.appServiceId,
            swarmName: service.swarmName,
            containerPort: rule.containerPort,
          },
          hosts,
          pathPrefix: group.path,
          backends: backends.map((b) => ({ ...b })),
        });
      });
    }
  }
  if (routingLb) {
    const target = result.get(routingLb.id);
    if (target) {
      if (routes.http.length) target.listeners.push({ port: routingLb.httpPort, protocol: "http", routes: routes.http });
      if (routes.https.length) target.listeners.push({ port: routingLb.httpsPort, protocol: "https", routes: routes.https });
    }
  }
  return result;
}
