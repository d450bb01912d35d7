/**
 * The load-balancer driver seam. Deciding WHAT a pool should hold (which tasks, which weights) is
 * domain code; a driver only makes one load balancer match it. HAProxy (on-premises, through the
 * agent on edge nodes) and the cloud balancers (Alibaba SLB, AWS ELBv2, through their official
 * SDKs) implement the same interface and pass the same conformance scenarios
 * (tests/integration/lb/driver-conformance.ts). A new cloud is one folder plus its conformance run.
 *
 * Every method is idempotent: calling it again with the same input changes nothing.
 */

export type LbDriverKind = "haproxy" | "aliyun-slb" | "aws-elbv2";

export type LbProtocol = "tcp" | "udp" | "http" | "https";

/** One load balancer as the control plane knows it; credentials are already decrypted. */
export type LbHandle = {
  id: string;
  /** What labels refer to, e.g. "slbtest" in `aliyun.lb.port_8080: tcp://slbtest:8080`. */
  name: string;
  /** Driver-specific, non-secret settings (region, load balancer id/ARN, VPC…), validated by the driver. */
  settings: Record<string, unknown>;
  /** Driver-specific secrets (access keys), decrypted for this call only; never logged. */
  credentials: Record<string, string> | null;
  /** The cluster the load balancer belongs to (the HAProxy driver runs it on that cluster's nodes). */
  clusterId?: string;
};

/**
 * A listener is identified by its front port and protocol on one load balancer. `route` names one
 * HTTP virtual-host route of a routing listener (each route has a pool of its own); absent, the
 * listener's single pool.
 */
export type ListenerKey = { port: number; protocol: LbProtocol; route?: string };

/** HTTP virtual-host routing (`aliyun.routing.port_80: a.example.com;b.example.com:/api`). */
export type RouteSpec = {
  name: string;
  hosts: string[];
  /** "/" matches everything. */
  pathPrefix: string;
  /** Cookie-based stickiness for this route. */
  stickySessions: boolean;
};

export type ListenerSpec = Omit<ListenerKey, "route"> & {
  /** Cookie-based stickiness (HTTP listeners without routes). */
  stickySessions?: boolean;
  /** TLS certificate ids for https listeners (driver-specific meaning). */
  certificateIds?: string[];
  /** Virtual-host routes; only drivers that route by Host header support them (HAProxy). */
  routes?: RouteSpec[];
};

/**
 * One member of a pool: a task's address on its node. Weights are relative (0..256); a blue-green
 * split is carried by the weights of each colour's backends (and `pool` names the colour, so cloud
 * drivers that weigh target groups rather than targets can keep one group per pool).
 */
export type WeightedBackend = {
  /** Stable id: the Swarm task id. */
  id: string;
  address: string;
  port: number;
  weight: number;
  /** "main", or the release colour ("blue", "green"). */
  pool: string;
  /** The node's cloud instance id, for clouds whose pools name instances (Alibaba VServer groups). */
  instanceId?: string;
};

/**
 * Which backend to drain. Added for the cloud drivers: an ELBv2 target is only "ip:port" and has
 * nowhere to keep Wharf's task id, so a driver may need the address to find it. Callers that know
 * the backend pass it whole; drivers that store the id (HAProxy, SLB) may use the id alone.
 */
export type BackendRef = Pick<WeightedBackend, "id" | "address" | "port">;

export type BackendState = "active" | "draining" | "down" | "maintenance";

/**
 * A backend as the balancer holds it. `id` is the task id when the balancer can store it (HAProxy
 * server names, SLB backend descriptions); ELBv2 cannot, and reports `address:port`. `weight` is
 * on the driver's own scale, so compare shares within a listener, not raw numbers across drivers.
 */
export type ObservedBackend = WeightedBackend & {
  state: BackendState;
  healthy: boolean | null;
  /** On a routing listener: the route whose pool holds the backend. */
  route?: string;
};

export type ObservedListener = ListenerSpec & { backends: ObservedBackend[] };

export type ObservedLoadBalancer = { listeners: ObservedListener[] };

/** Traffic figures per backend since the balancer started (counters; rates are computed by callers). */
export type BackendStats = {
  id: string;
  pool: string;
  requests: number;
  responses5xx: number;
  connectionErrors: number;
  /** Average response time over the balancer's recent window, ms (null when unknown). */
  responseTimeMs: number | null;
  currentSessions: number;
};

/**
 * Traffic of one pool (colour) of one listener or route over a recent window, what blue-green and
 * canary guard rails compare. `responses5xx` and `connectionErrors` are disjoint (a 503 the
 * balancer answered because no backend could be reached is a connection error only): their sum
 * over `requests` is the error rate. Latencies are the total time of a request (HTTP: first
 * request byte to last response byte) or of a connection (TCP).
 */
export type PoolWindowStats = {
  listener: ListenerKey;
  /** "main", "blue", "green"; "" for requests no backend took (an empty or all-down pool). */
  pool: string;
  /** The span the figures cover: the window asked for, or less when the balancer's memory does not reach back that far. */
  windowMs: number;
  requests: number;
  responses5xx: number;
  connectionErrors: number;
  /** Percentiles in ms; null without requests. */
  p50Ms: number | null;
  p95Ms: number | null;
};

export type LbStats = {
  at: string;
  listeners: (ListenerKey & { backends: BackendStats[] })[];
  /** False when the driver cannot read traffic figures (some clouds only expose them in their monitoring service). */
  available: boolean;
  /**
   * Figures per listener (route) and pool over the window asked for: every pool that holds
   * backends (zero when idle) and every pool with requests in it. Absent when the driver cannot
   * report windows (the cloud drivers, an HAProxy node whose agent predates them).
   */
  windows?: PoolWindowStats[];
};

/** The window `stats` reports pool figures over (ms): 5 s unless asked, at most 10 minutes. */
export type StatsOptions = { windowMs?: number };

export type TestConnectionResult = { ok: true; message: string } | { ok: false; message: string };

export interface LoadBalancerDriver {
  readonly kind: LbDriverKind;
  /** Checks settings and credentials against the real API (the console's "Test connection"). */
  testConnection(lb: LbHandle): Promise<TestConnectionResult>;
  /** Creates the listener, or updates its options; its pool starts empty. */
  ensureListener(lb: LbHandle, listener: ListenerSpec): Promise<void>;
  /**
   * Makes the listener's pool exactly these backends with these weights. Backends that leave the
   * pool stop receiving new connections first (drained), then are removed.
   */
  setBackends(lb: LbHandle, listener: ListenerKey, backends: WeightedBackend[]): Promise<void>;
  /** Stops sending new connections to one backend; in-flight ones finish. A string is the backend id. */
  drainBackend(lb: LbHandle, listener: ListenerKey, backend: string | BackendRef): Promise<void>;
  /** Removes a listener and its pool. */
  deleteListener(lb: LbHandle, listener: ListenerKey): Promise<void>;
  /** What the load balancer holds now, as the driver reads it back. */
  describe(lb: LbHandle): Promise<ObservedLoadBalancer>;
  /** Counters since the balancer started, and (drivers that can) pool figures over `options.windowMs`. */
  stats(lb: LbHandle, options?: StatsOptions): Promise<LbStats>;
  /**
   * The load balancer is no longer Wharf's (deleted): drop what the driver itself runs for it
   * (HAProxy stops its processes on the nodes). Cloud balancers belong to their owners: their
   * listeners are deleted one by one, the balancer stays. Optional.
   */
  release?(lb: LbHandle): Promise<void>;
}
