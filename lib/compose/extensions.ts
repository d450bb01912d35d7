// Typed view of the `wharf.*` / `aliyun.*` service labels and the classic scheduling syntax.
// Every label Wharf knows ends up either here or in a "not supported yet" warning.

import type { JobSchedule } from "./schedule";

export type PlacementRuleKind = "constraint" | "affinity";

/**
 * A classic (standalone Swarm / Aliyun) scheduling rule: `constraint:node==web-1`,
 * `constraint:zone!=(a|b)`, `affinity:image==redis`, `affinity:service!=~db`.
 */
export interface PlacementRule {
  kind: PlacementRuleKind;
  /** For constraints: "node" (host name) or a node label key. For affinities: "image" or "service". */
  key: string;
  op: "==" | "!=";
  /** One value, or the alternatives of `(a|b|c)`. */
  values: string[];
  /** Values contain `*` wildcards. */
  glob: boolean;
  /** `==~` / `!=~`: a preference, not a requirement. */
  soft: boolean;
  /** The expression as written, for messages. */
  expression: string;
}

export type Probe = { timeoutSeconds?: number; initialDelaySeconds?: number } & (
  | { kind: "http"; url: string; scheme: "http" | "https"; host: string; port: number; path: string }
  | { kind: "tcp"; url: string; host: string; port: number }
  | { kind: "cmd"; command: string }
);

/**
 * `lb.port_<port>: tcp://my-slb:80`: bind a container port to a listener of a load balancer. The
 * port is published in host mode on a port the engine picks for each task (so any number of
 * replicas fit on a node); the agent reports the chosen ports and the traffic sync puts them in
 * the balancer's pool.
 */
export interface LbBinding {
  /** Port inside the container. */
  containerPort: number;
  protocol: "tcp" | "udp";
  scheme: "tcp" | "http" | "https" | "udp";
  /** Load balancer name or id. */
  lbName: string;
  /** Listener (front) port on the load balancer. */
  frontPort: number;
  label: string;
}

/** Load-balancer drivers, as lib/drivers/lb names them (repeated here: lib/compose stays dependency-free). */
export type LbDriverName = "haproxy" | "aliyun-slb" | "aws-elbv2";

/**
 * A load balancer of the target cluster, for checking bindings at compile time. `routing` marks
 * the cluster's HTTP routing tier, which serves every `routing.port_*` rule.
 */
export interface ClusterLoadBalancer {
  id: string;
  name: string;
  driver: LbDriverName;
  routing: boolean;
}

export interface Route {
  scheme: "http" | "https";
  /** A full domain, or absent when a bare prefix was given. */
  domain?: string;
  /** A bare name such as "web", expanded by the routing tier to `<prefix>.<cluster domain>`. */
  prefix?: string;
  /** Context path, always starting with "/". */
  path?: string;
  /** `*.local` domains are only reachable from inside the cluster. */
  internal: boolean;
}

export interface RoutingRule {
  containerPort: number;
  routes: Route[];
}

export interface LogStore {
  name: string;
  source: { kind: "stdout" } | { kind: "file"; path: string };
  /**
   * Retention in days from `log_ttl_<name>`, at most the installation's maximum (ComposeDefaults.logTtlMaxDays);
   * absent: the installation's default (LOG_TTL_DEFAULT_DAYS), applied when the store is recorded.
   */
  ttlDays?: number;
  /** log-pilot style (`logs.<name>`) extras. */
  format?: string;
  tags?: Record<string, string>;
}

export interface Threshold {
  /** Scale out above this value. */
  max?: number;
  /** Scale in below this value. */
  min?: number;
}

/**
 * `aliyun.auto_scaling.*` / `wharf.autoscaling.*`: thresholds on the average over the service's
 * containers, bounds and timing (defaults in ./auto-scaling-checks.ts).
 */
export interface AutoScaling {
  /** Average CPU %, 0-100. */
  cpu?: Threshold;
  /** Average memory %, 0-100. */
  memory?: Threshold;
  /** Bytes per second. */
  internetOutRate?: Threshold;
  internetInRate?: Threshold;
  /** Containers added or removed per action (1-5). */
  step: number;
  minInstances: number;
  maxInstances: number;
  /** Metrics are averaged over this many seconds (`wharf.autoscaling.window`). */
  windowSeconds: number;
  /** After a scaling, no scale-out for this long (`wharf.autoscaling.cooldown`). */
  cooldownSeconds: number;
  /** After a scaling, no scale-in for this long: stabilisation (`wharf.autoscaling.scale_in_cooldown`). */
  scaleInCooldownSeconds: number;
  /** Consecutive evaluations a threshold must be crossed before acting (`wharf.autoscaling.breaches`). */
  breaches: number;
}

export type SchedulingStrategy = "spread" | "binpack";

export interface ServiceExtensions {
  scale?: number;
  global?: boolean;
  /** Services that must start first (from `depends` labels; depends_on is in the compose model). */
  depends: string[];
  rollingUpdates?: { enabled: boolean; parallelism: number };
  /** `wharf.release.*`: how new versions are released (strategy and canary parameters). */
  release?: ReleaseLabels;
  probe?: Probe;
  /**
   * `wharf.adopted: <Swarm name>`: a service Wharf took over from what already ran (from-swarm-spec.ts).
   * It keeps that name, and its containers get no Wharf labels or extra network aliases: its task
   * template stays the one that runs, so nothing restarts (nor are its logs and metrics collected:
   * the agents find task containers by Wharf's container labels).
   */
  adopted?: string;
  /** `schedule` / `schedule.timezone`: a job-mode service re-run on this cron schedule by the workers. */
  schedule?: JobSchedule;
  lb: LbBinding[];
  routing: { rules: RoutingRule[]; sessionSticky?: boolean };
  logs: { stores: LogStore[]; timestamp: boolean };
  autoScaling?: AutoScaling;
  /** Whole GPUs to reserve (label or deploy.resources.reservations.devices). */
  gpu?: number;
  /** Pinned GPU indices (`gpu.devices: 0,1`). */
  gpuDevices?: number[];
  /** Pull the newest image on every deploy (`latest_image` label or `pull_policy: always`). */
  latestImage: boolean;
  scheduling: {
    strategy?: SchedulingStrategy;
    rules: PlacementRule[];
    /** Swarm reschedules on node failure natively; recorded so the console can show it. */
    reschedule?: "on-node-failure";
  };
}

/** `wharf.release.*` labels (./release-labels.ts parses them). */
export type ReleaseLabels = {
  strategy?: "rolling" | "blue-green" | "canary";
  canary: { steps?: number[]; holdSeconds?: number; maxErrorRate?: number; maxP95Ms?: number };
};

export function emptyExtensions(): ServiceExtensions {
  return {
    depends: [],
    lb: [],
    routing: { rules: [] },
    logs: { stores: [], timestamp: true },
    latestImage: false,
    scheduling: { rules: [] },
  };
}
