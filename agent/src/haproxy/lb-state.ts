/**
 * The desired state of one load balancer on this node, as stored in `<dir>/state.json`, and the
 * HAProxy names derived from it. The config file is always rendered from this state in full
 * (pools included), so a reload or a restart of HAProxy restores everything; runtime API changes
 * only bridge the time between two renders.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  haproxyBackendSchema,
  haproxyLbSettingsSchema,
  haproxyRouteSchema,
  type HaproxyBackend,
  type HaproxyLbSettings,
  type HaproxyRoute,
} from "@/lib/protocol/haproxy";

export type ListenerProtocol = "tcp" | "http" | "https";

/** A backend of a pool; `drained` after haproxy.backend.drain, until the next haproxy.backends.set. */
export type PoolServer = HaproxyBackend & { drained: boolean };

export type ListenerState = {
  port: number;
  protocol: ListenerProtocol;
  stickySessions: boolean;
  routes: HaproxyRoute[];
  /** Certificate names with the sha256 of their PEM; the PEMs live in certs/ (mode 600), never in state.json. */
  certificates: { name: string; sha256: string }[];
  /** Pools by route name; "" is the pool of a listener without routes. */
  pools: Record<string, PoolServer[]>;
};

/**
 * A server that left its pool and is being drained: deleted from the running HAProxy once it has
 * no sessions left (or after the grace). It is not in the config any more, so a reload drops it at
 * once (its in-flight requests finish on the old worker).
 */
export type LeavingServer = { backend: string; server: string; id: string; pool: string; since: number };

/**
 * Where HAProxy sends its per-request log lines (traffic-receiver.ts): a UDP port on 127.0.0.1 the
 * agent listens on, kept here so an agent restart binds the same port again while HAProxy keeps
 * running, and a random key every line starts with, so datagrams another local process sends to
 * that port are not counted (the config and this file are readable by the agent only).
 */
export type LbLogging = { port: number; key: string };

export type LbState = {
  version: 1;
  lbId: string;
  settings: HaproxyLbSettings;
  listeners: ListenerState[];
  leaving: LeavingServer[];
  logging?: LbLogging;
};

const poolServerSchema = haproxyBackendSchema.extend({ drained: z.boolean() });

export const lbStateSchema = z.object({
  version: z.literal(1),
  lbId: z.string(),
  settings: haproxyLbSettingsSchema,
  listeners: z.array(
    z.object({
      port: z.number().int(),
      protocol: z.enum(["tcp", "http", "https"]),
      stickySessions: z.boolean(),
      routes: z.array(haproxyRouteSchema),
      certificates: z.array(z.object({ name: z.string(), sha256: z.string() })),
      pools: z.record(z.string(), z.array(poolServerSchema)),
    }),
  ),
  leaving: z.array(z.object({ backend: z.string(), server: z.string(), id: z.string(), pool: z.string(), since: z.number() })),
  // absent in states written before the traffic log: the supervisor adds it (one reload)
  logging: z.object({ port: z.number().int().min(1).max(65_535), key: z.string().regex(/^[0-9a-f]{16,64}$/) }).optional(),
});

export const emptyLbState = (lbId: string, settings: HaproxyLbSettings): LbState => ({
  version: 1,
  lbId,
  settings,
  listeners: [],
  leaving: [],
});

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

/** Characters HAProxy accepts in proxy and server names. */
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** A stable HAProxy name for an id: the id itself when it is safe, else a sanitized prefix and a hash. */
export function safeName(id: string): string {
  if (SAFE_NAME.test(id) && !id.startsWith(".")) return id;
  return `x_${id.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 40)}_${sha(id).slice(0, 10)}`;
}

/** Swarm task ids are [a-z0-9]{25}: they are the server names as they are. */
export const serverName = (backendId: string) => safeName(backendId);

export const frontendName = (l: Pick<ListenerState, "port" | "protocol">) => `fe_${l.protocol}_${l.port}`;

/** The pool's backend: `be_<protocol>_<port>`, or `be_<protocol>_<port>_route_<route>` for a Host-header route. */
export const backendName = (l: Pick<ListenerState, "port" | "protocol">, route = "") =>
  route ? `be_${l.protocol}_${l.port}_route_${safeName(route)}` : `be_${l.protocol}_${l.port}`;

/** Where a routing listener sends requests no route matches (404). */
export const notFoundBackendName = (l: Pick<ListenerState, "port" | "protocol">) => `be_${l.protocol}_${l.port}_notfound`;

export const isRouting = (l: Pick<ListenerState, "routes">) => l.routes.length > 0;

/** The pool keys of a listener: its routes' names, or "" when it has none. */
export const poolKeys = (l: Pick<ListenerState, "routes">) => (isRouting(l) ? l.routes.map((r) => r.name) : [""]);

/**
 * The key of the dynamic sticky cookies (HAProxy hashes it with each server's address:port). The
 * same on every node of the load balancer, so a client keeps its backend whichever node it reaches.
 */
export const cookieKey = (lbId: string, backend: string) => sha(`wharf-sticky:${lbId}:${backend}`).slice(0, 32);

/** Every backend of the state with the servers it should hold. */
export type DesiredBackend = { backend: string; listener: ListenerState; route: string; sticky: boolean; servers: PoolServer[] };

export function desiredBackends(state: LbState): DesiredBackend[] {
  return state.listeners.flatMap((l) =>
    poolKeys(l).map((route) => ({
      backend: backendName(l, route),
      listener: l,
      route,
      sticky: route ? (l.routes.find((r) => r.name === route)?.stickySessions ?? false) : l.stickySessions,
      servers: l.pools[route] ?? [],
    })),
  );
}

export const sameSettings = (a: HaproxyLbSettings, b: HaproxyLbSettings) =>
  a.bindAddress === b.bindAddress && a.httpPort === b.httpPort && a.httpsPort === b.httpsPort;
