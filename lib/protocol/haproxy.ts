/**
 * Payloads and results of the haproxy.* agent commands (the HAProxy load-balancer driver talks to
 * the agents on the nodes labelled wharf.lb=true through them). Everything that ends up in
 * haproxy.cfg is validated here to a character set that cannot break out of a config line: the
 * agent renders these values verbatim (paths single-quoted), so a refusal here is what keeps a
 * tenant's route from injecting configuration.
 */
import { z } from "zod";

const port = z.number().int().min(1).max(65_535);

/** Traffic counters of one backend (lib/drivers/lb/types.ts BackendStats), as agents and the API carry them. */
export const backendStatsSchema = z.object({
  id: z.string(),
  pool: z.string(),
  requests: z.number(),
  responses5xx: z.number(),
  connectionErrors: z.number(),
  responseTimeMs: z.number().nullable(),
  currentSessions: z.number(),
});

/** A load balancer's id (LoadBalancer.id): also the name of its state directory on the node. */
export const haproxyLbIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");

export const haproxyLbSettingsSchema = z.object({
  /** Where every frontend of this load balancer listens on the node. */
  bindAddress: z.union([z.ipv4(), z.ipv6()]).default("0.0.0.0"),
  /** The routing listeners' ports (HTTP virtual hosts, HTTPS with SNI). */
  httpPort: port.default(80),
  httpsPort: port.default(443),
});
export type HaproxyLbSettings = z.output<typeof haproxyLbSettingsSchema>;

/** Exact host names, or `*.example.com` for every name under example.com (lowercase, as labels are parsed). */
export const haproxyHostSchema = z
  .string()
  .max(253)
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be a lowercase host name, optionally starting with *.",
  );

/** A path prefix: rendered single-quoted, so quotes, backslashes, whitespace and control characters are refused. */
export const haproxyPathPrefixSchema = z
  .string()
  .max(256)
  .regex(/^\/[^\s'"\\\u0000-\u001f\u007f]*$/, "must start with / and contain no whitespace, quotes or backslashes");

export const haproxyNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "must be 1-100 letters, digits, dots, dashes or underscores");

export const haproxyRouteSchema = z.object({
  name: haproxyNameSchema,
  hosts: z.array(haproxyHostSchema).min(1).max(100),
  pathPrefix: haproxyPathPrefixSchema.default("/"),
  stickySessions: z.boolean().default(false),
});
export type HaproxyRoute = z.output<typeof haproxyRouteSchema>;

/** A PEM bundle: the certificate (and its chain) followed by its private key. */
export const haproxyCertificateSchema = z.object({ name: haproxyNameSchema, pem: z.string().min(1).max(100_000) });
export type HaproxyCertificate = z.output<typeof haproxyCertificateSchema>;

/** Which protocols a listener may name; udp is accepted so the agent can refuse it with a clear message. */
export const haproxyProtocolSchema = z.enum(["tcp", "udp", "http", "https"]);

export const haproxyListenerSchema = z.object({
  port,
  protocol: haproxyProtocolSchema,
  stickySessions: z.boolean().default(false),
  /** Host-header routes (http/https): each has a pool of its own. */
  routes: z.array(haproxyRouteSchema).max(500).default([]),
  certificates: z.array(haproxyCertificateSchema).max(100).default([]),
});
export type HaproxyListener = z.output<typeof haproxyListenerSchema>;

export const haproxyListenerKeySchema = z.object({ port, protocol: haproxyProtocolSchema, route: haproxyNameSchema.optional() });
export type HaproxyListenerKey = z.output<typeof haproxyListenerKeySchema>;

export const haproxyBackendSchema = z.object({
  /** The Swarm task id; the HAProxy server name is derived from it. */
  id: z.string().min(1).max(128),
  address: z.union([
    z.ipv4(),
    z.ipv6(),
    z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i, "must be an IP address or a host name"),
  ]),
  port,
  weight: z.number().int().min(0).max(256),
  pool: z.string().min(1).max(64),
});
export type HaproxyBackend = z.output<typeof haproxyBackendSchema>;

/** What a state-changing command did on this node (the control plane's conformance and load tests read it). */
export const haproxyChangeSchema = z.object({
  changed: z.boolean(),
  /** True when HAProxy was reloaded (new frontend, route or certificate) or started. */
  reloaded: z.boolean(),
  /** Runtime API commands sent (server names only, never secrets). */
  runtimeCommands: z.array(z.string().max(300)).max(5000),
  workerPid: z.number().int().nullable(),
});
export type HaproxyChange = z.output<typeof haproxyChangeSchema>;

export const HAPROXY_SERVER_STATES = ["active", "draining", "down", "maintenance"] as const;

const observedServerSchema = z.object({
  id: z.string(),
  pool: z.string(),
  address: z.string(),
  port: z.number().int(),
  weight: z.number().int(),
  state: z.enum(HAPROXY_SERVER_STATES),
  healthy: z.boolean().nullable(),
  sessions: z.number().int(),
});

export const haproxyDescribeResultSchema = z.object({
  /** `haproxy -v` of the node (null when HAProxy is not installed). */
  version: z.string().nullable(),
  /** False when no state exists for this load balancer on the node, or its HAProxy is not running. */
  running: z.boolean(),
  workerPid: z.number().int().nullable(),
  settings: haproxyLbSettingsSchema.nullable(),
  listeners: z.array(
    z.object({
      port,
      protocol: haproxyProtocolSchema,
      stickySessions: z.boolean(),
      routes: z.array(haproxyRouteSchema),
      certificates: z.array(z.string()),
      pools: z.array(z.object({ route: z.string().nullable(), servers: z.array(observedServerSchema) })),
    }),
  ),
});
export type HaproxyDescribeResult = z.output<typeof haproxyDescribeResultSchema>;

/** The stats window the agents compute when the payload names none, and the longest they keep. */
export const HAPROXY_STATS_WINDOW_MS = { default: 5_000, max: 600_000 } as const;

/**
 * Traffic of one pool (colour) of one listener or route over a recent window (lib/drivers/lb/types.ts
 * PoolWindowStats), from HAProxy's per-request log. `responses5xx` and `connectionErrors` are
 * disjoint: a 503 HAProxy answers because no server could be reached counts as a connection error
 * only, so their sum over `requests` is the error rate. `windowMs` is the span the figures cover:
 * the one asked for, or less when the node's sample memory does not reach back that far.
 */
export const poolWindowStatsSchema = z.object({
  listener: z.object({ port, protocol: haproxyProtocolSchema, route: z.string().optional() }),
  /** The colour ("main", "blue", "green"); "" for requests no server took (empty or all-down pool). */
  pool: z.string(),
  windowMs: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  responses5xx: z.number().int().nonnegative(),
  connectionErrors: z.number().int().nonnegative(),
  /** Nearest-rank percentiles of the total time (HTTP: request to last response byte; TCP: the connection's life); null without requests. */
  p50Ms: z.number().nonnegative().nullable(),
  p95Ms: z.number().nonnegative().nullable(),
});

/**
 * One node's window as the agent sends it: with its latencies as a histogram of [inclusive upper
 * bound ms, count] pairs (ascending, ~6% wide buckets) so the control plane can merge the windows
 * of several HAProxy nodes into percentiles over all of them.
 */
export const haproxyTrafficWindowSchema = poolWindowStatsSchema.extend({
  latencyBuckets: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().positive()])).max(1_000),
});
export type HaproxyTrafficWindow = z.output<typeof haproxyTrafficWindowSchema>;

export const haproxyStatsResultSchema = z.object({
  at: z.string(),
  running: z.boolean(),
  listeners: z.array(
    z.object({
      port,
      protocol: haproxyProtocolSchema,
      route: z.string().optional(),
      backends: z.array(backendStatsSchema),
    }),
  ),
  /**
   * Per listener (route) and pool, over the window asked for. Absent from agents before this
   * field, and when the agent holds no traffic log for this load balancer (it just started).
   */
  windows: z.array(haproxyTrafficWindowSchema).max(20_000).optional(),
});
export type HaproxyStatsResult = z.output<typeof haproxyStatsResultSchema>;

/** The haproxy.* entries of COMMANDS (lib/protocol/commands.ts). */
export const HAPROXY_COMMANDS = {
  /** Create or update one listener (frontend, routes, certificates) of a load balancer; its pools are kept. Reloads seamlessly when the config changed. */
  "haproxy.listener.ensure": {
    payload: z.object({ lbId: haproxyLbIdSchema, settings: haproxyLbSettingsSchema, listener: haproxyListenerSchema }),
    result: haproxyChangeSchema,
  },
  /** Make one pool exactly these backends (through the runtime API, no reload); leaving ones are drained, then deleted. */
  "haproxy.backends.set": {
    payload: z.object({ lbId: haproxyLbIdSchema, listener: haproxyListenerKeySchema, backends: z.array(haproxyBackendSchema).max(2000) }),
    result: haproxyChangeSchema,
  },
  /** Stop sending new requests to one backend; in-flight ones finish. */
  "haproxy.backend.drain": {
    payload: z.object({ lbId: haproxyLbIdSchema, listener: haproxyListenerKeySchema, backendId: z.string().min(1).max(128) }),
    result: haproxyChangeSchema,
  },
  /** Remove a listener and its pools (a no-op when absent). */
  "haproxy.listener.delete": {
    payload: z.object({ lbId: haproxyLbIdSchema, listener: haproxyListenerKeySchema }),
    result: haproxyChangeSchema,
  },
  "haproxy.describe": { payload: z.object({ lbId: haproxyLbIdSchema }), result: haproxyDescribeResultSchema },
  /** Counters since HAProxy started, and figures per pool over the last `windowMs` (default 5 s) from its request log. */
  "haproxy.stats": {
    payload: z.object({ lbId: haproxyLbIdSchema, windowMs: z.number().int().min(1).max(HAPROXY_STATS_WINDOW_MS.max).optional() }),
    result: haproxyStatsResultSchema,
  },
  /** Stop this load balancer's HAProxy and delete its state on the node (a no-op when absent). */
  "haproxy.remove": { payload: z.object({ lbId: haproxyLbIdSchema }), result: z.object({ removed: z.boolean() }) },
} as const;
