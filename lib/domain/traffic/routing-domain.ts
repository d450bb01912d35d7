/**
 * Where a cluster's HTTP routes live. `aliyun.routing.port_80: web` names a bare prefix; it becomes
 * `web.<cluster routing domain>`, where the cluster routing domain is Cluster.routingDomain when an
 * admin set one, else `<cluster name>.<org slug>.<ROUTING_BASE_DOMAIN>`. The preview, the
 * application's endpoint list and the traffic sync all expand hosts here, so they cannot disagree.
 * Pure apart from reading ROUTING_BASE_DOMAIN (validated on its own, so unit tests need no secrets).
 */
import type { Route } from "@/lib/compose/extensions";
import { envValue } from "@/lib/env";

/** `name`: the cluster's name. */
export type RoutingDomainSource = { name: string; routingDomain: string | null; orgSlug: string };

/** The cluster's routing domain (lowercase, no trailing dot). `base` defaults to ROUTING_BASE_DOMAIN. */
export function clusterRoutingDomain(
  { name, routingDomain, orgSlug }: RoutingDomainSource,
  base: string = envValue("ROUTING_BASE_DOMAIN"),
): string {
  const own = routingDomain?.trim().toLowerCase().replace(/\.$/, "");
  if (own) return own;
  return `${name}.${orgSlug}.${base}`.toLowerCase();
}

/** The host a route answers on: its own domain, or its prefix under the cluster's routing domain. */
export function expandRouteHost(route: Pick<Route, "domain" | "prefix">, routingDomain: string): string {
  if (route.domain) return route.domain;
  return `${route.prefix ?? ""}.${routingDomain}`;
}
