/**
 * Typed readers for the two JSON columns the traffic sync reads back: AppService.extensions (the
 * compiler's ServiceExtensions, written by applications/sync-services; only `lb` and `routing`
 * matter here) and LoadBalancer.applied (what the last successful sync applied, written by
 * sync-cluster-traffic). A stored value that does not parse reads as missing data: no bindings
 * and no routing rules, or no applied state (the next sync then sends everything).
 *
 * The schemas are proven at compile time to describe exactly the TypeScript types (same fields at
 * every depth, each way), so a field added to a type fails the build here instead of being
 * silently stripped by the parse. Object keys are listed in the order the writers build them:
 * a parse returns keys in schema order, and the sync compares listener specs by JSON text.
 */
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import type { LbBinding, Route, RoutingRule, ServiceExtensions } from "@/lib/compose/extensions";
import type { ListenerSpec, RouteSpec } from "@/lib/drivers/lb/types";
import type { Same } from "@/lib/protocol/type-fit";
import type { DesiredPool, PoolBackend } from "./desired-traffic";

/** What the last successful sync applied (LoadBalancer.applied), read by the console and the next sync. */
export type AppliedTraffic = {
  at: string;
  specs: ListenerSpec[];
  listeners: Array<{
    port: number;
    protocol: string;
    route?: string;
    hosts?: string[];
    pathPrefix?: string;
    service: DesiredPool["service"];
    backends: DesiredPool["backends"];
  }>;
};

/** The part of a service's extensions the traffic layer reads. */
export type TrafficExtensions = Pick<ServiceExtensions, "lb" | "routing">;

// ── AppService.extensions ──

const lbBindingSchema = z.object({
  containerPort: z.number(),
  protocol: z.enum(["tcp", "udp"]),
  scheme: z.enum(["tcp", "http", "https", "udp"]),
  lbName: z.string(),
  frontPort: z.number(),
  label: z.string(),
});

const routeSchema = z.object({
  scheme: z.enum(["http", "https"]),
  domain: z.string().optional(),
  prefix: z.string().optional(),
  path: z.string().optional(),
  internal: z.boolean(),
});

const routingRuleSchema = z.object({ containerPort: z.number(), routes: z.array(routeSchema) });
const routingSchema = z.object({ rules: z.array(routingRuleSchema), sessionSticky: z.boolean().optional() });

/** Each field falls back on its own, as `?? []` did for a missing one. */
const trafficExtensionsSchema = z.object({
  lb: z.array(lbBindingSchema).catch(() => []),
  routing: routingSchema.catch(() => ({ rules: [] })),
});

export function storedTrafficExtensions(json: Prisma.JsonValue): TrafficExtensions {
  const parsed = trafficExtensionsSchema.safeParse(json);
  return parsed.success ? parsed.data : { lb: [], routing: { rules: [] } };
}

// ── LoadBalancer.applied ──

const routeSpecSchema = z.object({ name: z.string(), hosts: z.array(z.string()), pathPrefix: z.string(), stickySessions: z.boolean() });

const listenerSpecSchema = z.object({
  port: z.number(),
  protocol: z.enum(["tcp", "udp", "http", "https"]),
  stickySessions: z.boolean().optional(),
  certificateIds: z.array(z.string()).optional(),
  routes: z.array(routeSpecSchema).optional(),
});

const poolBackendSchema = z.object({
  id: z.string(),
  address: z.string(),
  port: z.number(),
  weight: z.number(),
  pool: z.string(),
  instanceId: z.string().optional(),
  // Written by every sync since backends carry their node; an older row (or a hand-made one) may
  // lack it, and what reads applied states (alerts, the next sync's comparison) does not need it.
  nodeId: z.string().catch(""),
});

const appliedListenerSchema = z.object({
  port: z.number(),
  protocol: z.string(),
  route: z.string().optional(),
  hosts: z.array(z.string()).optional(),
  pathPrefix: z.string().optional(),
  service: z.object({ applicationId: z.string(), appServiceId: z.string(), swarmName: z.string(), containerPort: z.number() }),
  backends: z.array(poolBackendSchema),
});

const appliedTrafficSchema = z.object({ at: z.string(), specs: z.array(listenerSpecSchema), listeners: z.array(appliedListenerSchema) });

export function storedApplied(json: Prisma.JsonValue | null): AppliedTraffic | null {
  const parsed = appliedTrafficSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

// ── compile-time proof: each schema describes exactly its type ──

type Out<S extends z.ZodType> = z.output<S>;
export const STORED_TRAFFIC_SCHEMAS_MATCH_TYPES: [
  Same<Out<typeof lbBindingSchema>, LbBinding>,
  Same<Out<typeof routeSchema>, Route>,
  Same<Out<typeof routingRuleSchema>, RoutingRule>,
  Same<Out<typeof trafficExtensionsSchema>, TrafficExtensions>,
  Same<Out<typeof routeSpecSchema>, RouteSpec>,
  Same<Out<typeof listenerSpecSchema>, ListenerSpec>,
  Same<Out<typeof poolBackendSchema>, PoolBackend>,
  Same<Out<typeof appliedTrafficSchema>, AppliedTraffic>,
] = [true, true, true, true, true, true, true, true];
