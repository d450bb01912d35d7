import type { ServiceExtensions } from "./extensions";

/** A container port the traffic layer sends to (a load-balancer binding or a routing rule). */
export interface TrafficPort {
  target: number;
  protocol: "tcp" | "udp";
}

/**
 * The container ports of a service that load balancers or the routing tier reach. Each is
 * published in host mode WITHOUT a fixed host port: the engine picks one per task, so any number
 * of replicas fit on a node, and the agent reports the chosen ports for the balancers' pools.
 * Routing is HTTP, hence TCP.
 */
export function trafficPorts(ext: Pick<ServiceExtensions, "lb" | "routing">): TrafficPort[] {
  const out: TrafficPort[] = [];
  const add = (port: TrafficPort) => {
    if (!out.some((p) => p.target === port.target && p.protocol === port.protocol)) out.push(port);
  };
  for (const binding of ext.lb) add({ target: binding.containerPort, protocol: binding.protocol });
  for (const rule of ext.routing.rules) add({ target: rule.containerPort, protocol: "tcp" });
  return out;
}

export const isTrafficPort = (ports: readonly TrafficPort[], port: { target: number; protocol: string }) =>
  ports.some((p) => p.target === port.target && p.protocol === port.protocol);
