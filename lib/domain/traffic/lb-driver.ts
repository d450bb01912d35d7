/**
 * The driver for a load balancer, wired to this installation: HAProxy reaches its nodes through
 * their agents (the nodes labelled wharf.lb=true). Domain code gets drivers here, so the driver
 * layer never imports the domain.
 */
import { driverFor, type LbDriverKind, type LoadBalancerDriver } from "@/lib/drivers/lb";
import type { LbDriverOptions } from "@/lib/drivers/lb";
import { haproxyAgentTransport } from "./haproxy-agent-transport";

export function lbDriver(kind: LbDriverKind, options: LbDriverOptions = {}): LoadBalancerDriver {
  return driverFor(kind, { haproxyTransport: haproxyAgentTransport, ...options });
}
