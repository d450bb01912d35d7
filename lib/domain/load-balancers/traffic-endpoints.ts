/**
 * Where clients reach a service: `scheme://<front address>:<front port>` for each load-balancer
 * binding (an HAProxy balancer's front address is its bindAddress, or else the address of every
 * node labelled wharf.lb=true), and `http(s)://<host><path>` for each routing rule. Pure.
 */
import type { LbBinding, RoutingRule } from "@/lib/compose/extensions";
import { findClusterLb, type ClusterLoadBalancer } from "@/lib/compose";
import type { ApplicationTraffic } from "@/lib/schemas/load-balancers";
import { expandRouteHost } from "../traffic/routing-domain";

export type EndpointLb = ClusterLoadBalancer & { settings: Record<string, unknown> };
export type LbNode = { address: string };
type Endpoint = ApplicationTraffic["services"][number]["endpoints"][number];

const WILDCARD = new Set(["", "0.0.0.0", "::", "*"]);
const CLOUD = { "aliyun-slb": "Alibaba Cloud SLB console", "aws-elbv2": "AWS console (the load balancer's DNS name)" } as const;

const hostPart = (address: string) => (address.includes(":") ? `[${address}]` : address);

/** A port setting as the driver stores it (number) or as a form sent it (string); else the default. */
export function portSetting(settings: Record<string, unknown>, key: string, fallback: number): number {
  const value = settings[key];
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n > 0 && n < 65_536 ? n : fallback;
}

const lbRef = (lb: EndpointLb) => ({ id: lb.id, name: lb.name, driver: lb.driver });

function bindingEndpoints(binding: LbBinding, lbs: EndpointLb[], lbNodes: LbNode[]): Endpoint[] {
  const base = { kind: "lb" as const, containerPort: binding.containerPort };
  const lb = findClusterLb(lbs, binding.lbName) as EndpointLb | undefined;
  if (!lb) return [{ ...base, url: null, note: `no load balancer named ${binding.lbName} in this cluster`, loadBalancer: null }];
  if (lb.driver !== "haproxy") {
    return [
      {
        ...base,
        url: null,
        note: `${binding.scheme} listener ${binding.frontPort} of ${lb.name}; its address is in the ${CLOUD[lb.driver]}`,
        loadBalancer: lbRef(lb),
      },
    ];
  }
  const bind = typeof lb.settings.bindAddress === "string" ? lb.settings.bindAddress.trim() : "";
  const addresses = WILDCARD.has(bind) ? [...new Set(lbNodes.map((n) => n.address))] : [bind];
  if (addresses.length === 0)
    return [
      {
        ...base,
        url: null,
        note: `no node of this cluster is labelled wharf.lb=true, so ${lb.name} runs nowhere yet`,
        loadBalancer: lbRef(lb),
      },
    ];
  return addresses.map((address) => ({
    ...base,
    url: `${binding.scheme}://${hostPart(address)}:${binding.frontPort}`,
    note: null,
    loadBalancer: lbRef(lb),
  }));
}

function routingEndpoints(rule: RoutingRule, routingLb: EndpointLb | undefined, routingDomain: string): Endpoint[] {
  const base = { kind: "routing" as const, containerPort: rule.containerPort };
  const routes = rule.routes.filter((r) => !r.internal);
  if (!routes.length) return [];
  if (!routingLb)
    return [{ ...base, url: null, note: "this cluster has no routing load balancer (an HAProxy one with routing on)", loadBalancer: null }];
  return routes.map((route) => {
    const port =
      route.scheme === "https" ? portSetting(routingLb.settings, "httpsPort", 443) : portSetting(routingLb.settings, "httpPort", 80);
    const standard = port === (route.scheme === "https" ? 443 : 80);
    return {
      ...base,
      url: `${route.scheme}://${expandRouteHost(route, routingDomain)}${standard ? "" : `:${port}`}${route.path ?? ""}`,
      note: null,
      loadBalancer: lbRef(routingLb),
    };
  });
}

export function serviceEndpoints(o: {
  lb: LbBinding[];
  rules: RoutingRule[];
  lbs: EndpointLb[];
  lbNodes: LbNode[];
  routingDomain: string;
}): Endpoint[] {
  const routingLb = o.lbs.find((lb) => lb.routing);
  return [
    ...o.lb.flatMap((b) => bindingEndpoints(b, o.lbs, o.lbNodes)),
    ...o.rules.flatMap((r) => routingEndpoints(r, routingLb, o.routingDomain)),
  ];
}
