/**
 * Configuration for the console, API, workers and gateway: parsed once from process.env with zod.
 * Nothing else reads process.env. Parsing is lazy so `next build` can import modules without
 * secrets; each process calls `assertEnv()` at boot (instrumentation.ts, workers/main.ts,
 * gateway/main.ts) so a bad configuration fails at start-up with one clear message.
 */
import { z } from "zod";
import { isAddressOrCidr } from "./cidr";

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

/** An optional setting; an empty value counts as unset (so scripts can blank one out). */
const unsetIfEmpty = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .default("postgresql://postgres@127.0.0.1:5432/wharf"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key (BullMQ queues, liveness), so several installs can share a Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default("wharf"),
  PUBLIC_URL: z.string().url("must be the console's URL, e.g. http://127.0.0.1:3000").default("http://127.0.0.1:3000"),
  SECRETS_KEY: z
    .string({ error: "is required (64 hex characters; generate with `openssl rand -hex 32`)" })
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (generate with `openssl rand -hex 32`)"),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  API_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** Housekeeping prunes finished commands, app events, finished deployments and job runs older than these. */
  COMMAND_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  DEPLOYMENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** The latest N finished deployments of every application are kept whatever their age (rollback history). */
  DEPLOYMENT_KEEP_PER_APP: z.coerce.number().int().min(1).max(10000).default(20),
  JOB_RUN_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * Installation operators (besides the first account): comma separated e-mail addresses. They alone
   * set quotas and run installation-wide actions such as registry garbage collection.
   */
  WHARF_OPERATOR_EMAILS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((e) => e.toLowerCase()),
    )
    .pipe(z.array(z.string().email("must be e-mail addresses, comma separated"))),
  /** Installation defaults for organisations whose quota an operator has not set. */
  QUOTA_DEFAULT_CLUSTERS: z.coerce.number().int().min(0).max(1_000_000).default(20),
  QUOTA_DEFAULT_NODES: z.coerce.number().int().min(0).max(1_000_000).default(200),
  QUOTA_DEFAULT_APPLICATIONS: z.coerce.number().int().min(0).max(1_000_000).default(500),
  QUOTA_DEFAULT_REGISTRY_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .default(100 * 1024 ** 3),
  /**
   * Outgoing mail, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for implicit TLS). When set,
   * sign-up asks people to confirm their e-mail address before they can sign in.
   */
  SMTP_URL: unsetIfEmpty(z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL")),
  SMTP_FROM: z.string().min(3).max(320).default("Wharf <wharf@localhost>"),
  EMAIL_VERIFY_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(48),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(64).default(4),
  /** Names this worker process in liveness reports (defaults to host-pid). */
  WORKER_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,64}$/)
    .optional(),
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  /** How long a job lock lasts; a crashed worker's jobs are picked up again after about this long. */
  WORKER_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  /**
   * Sign-in throttle (lib/domain/auth/sign-in-throttle.ts): failed attempts allowed for one account
   * from one client address before exponential backoff; from one address over all accounts per
   * 15 minutes; for one account from all addresses together before a short account-wide backoff.
   */
  SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  SIGNIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(100),
  /**
   * Reverse proxies whose X-Forwarded-For/-Host/-Proto are believed: comma separated addresses or
   * CIDR blocks (e.g. 127.0.0.1,10.0.0.0/8). Empty: no proxy is trusted, the socket's peer is the client.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().refine(isAddressOrCidr, "must be IP addresses or CIDR blocks, comma separated"))),
  /**
   * Non-public destinations outgoing webhooks and external registry checks may reach anyway: comma
   * separated CIDR blocks or addresses (e.g. 10.20.0.0/16,127.0.0.1). Empty: only public addresses.
   */
  OUTBOUND_ALLOW_CIDRS: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().refine(isAddressOrCidr, "must be CIDR blocks or IP addresses, comma separated"))),
  /** Agent gateway: where agents connect (outbound from their machines). */
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** The gateway URL agents are told to use (install commands); https when behind TLS. */
  GATEWAY_PUBLIC_URL: z.string().url().default("http://127.0.0.1:3001"),
  GATEWAY_TLS_CERT_FILE: unsetIfEmpty(z.string()),
  GATEWAY_TLS_KEY_FILE: unsetIfEmpty(z.string()),
  /** Names this gateway instance when several run behind a load balancer. */
  GATEWAY_ID: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,64}$/)
    .optional(),
  AGENT_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  /**
   * Budgets of one agent connection (README "Agent gateway budgets"). Over a message budget the
   * gateway closes the connection (code 4006, the agent reconnects with backoff); over the byte
   * budget it stops reading until the budget refills. Sized far above what a real agent sends.
   */
  GATEWAY_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(64 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  GATEWAY_AGENT_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 ** 3)
    .default(8 * 1024 * 1024),
  GATEWAY_AGENT_HEARTBEATS_PER_MINUTE: z.coerce.number().int().min(6).max(100_000).default(120),
  GATEWAY_AGENT_INVENTORIES_PER_MINUTE: z.coerce.number().int().min(2).max(100_000).default(60),
  GATEWAY_AGENT_RESULTS_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  GATEWAY_AGENT_STREAM_MESSAGES_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(6000),
  /** Task snapshots (traffic layer): an agent sends one per burst of container events, at most ~20 a second. */
  GATEWAY_AGENT_TASK_REPORTS_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  /** At most one inventory write to the database per node in this many seconds (the latest wins). */
  GATEWAY_INVENTORY_WRITE_SECONDS: z.coerce.number().min(0).max(300).default(2),
  /** Metrics batches (lib/protocol/metrics.ts): one per METRICS_INTERVAL_SECONDS, so a few a minute. */
  GATEWAY_AGENT_METRICS_PER_MINUTE: z.coerce.number().int().min(2).max(100_000).default(60),
  // ── metrics (README "Metrics and autoscaling") ──
  /** Wharf's Prometheus: charts, the autoscaling evaluator and federation read it (scripts/prometheus/run.ts runs it). */
  PROMETHEUS_URL: z.string().url().default("http://127.0.0.1:9090"),
  /**
   * Bearer token Prometheus sends when it scrapes a gateway's /metrics (npm run up generates one).
   * Unset: /metrics answers loopback peers only.
   */
  METRICS_SCRAPE_TOKEN: unsetIfEmpty(z.string().min(16).max(200)),
  /** How often the autoscaling evaluator runs (seconds). */
  AUTOSCALING_EVALUATE_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  // ── logs and alerts (README "Logs and alerts") ──
  /** Log batches (lib/protocol/logs.ts): up to 1,000 lines each, sent as fast as acks come back. */
  GATEWAY_AGENT_LOG_BATCHES_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(1200),
  /** Retention of a log store without `log_ttl_<name>`, and the most any store may ask for (days). */
  LOG_TTL_DEFAULT_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  LOG_TTL_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Wharf's Alertmanager (scripts/alertmanager/run.ts runs it): Prometheus and Wharf's event rules send alerts to it. */
  ALERTMANAGER_URL: z.string().url().default("http://127.0.0.1:9093"),
  /**
   * Wharf's Prometheus keeps its configuration, rules/ and TSDB here (scripts/prometheus/run.ts); the
   * workers write the organisations' alerting rules into its rules/ (or PROMETHEUS_RULES_DIR) and
   * reload it through PROMETHEUS_URL.
   */
  PROMETHEUS_DATA_DIR: z.string().min(1).default(".wharf/prometheus"),
  PROMETHEUS_RULES_DIR: unsetIfEmpty(z.string().min(1)),
  /** Bearer token Alertmanager sends to Wharf's receiver (POST /api/alertmanager/webhook); npm run up generates one. */
  ALERTMANAGER_WEBHOOK_TOKEN: unsetIfEmpty(z.string().min(16).max(200)),
  /** Messages on the Redis bus older than this (or replayed) are refused (lib/agent-bus/sealed.ts). */
  BUS_MESSAGE_MAX_AGE_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
  /** A node whose last heartbeat is older than this is Unreachable; after NODE_DOWN_SECONDS, Down. */
  NODE_UNREACHABLE_SECONDS: z.coerce.number().int().min(2).max(3600).default(30),
  NODE_DOWN_SECONDS: z.coerce.number().int().min(10).max(86400).default(300),
  /** Image of the agent for the `docker run` install variant (built by scripts/build-agent-image.sh). */
  AGENT_IMAGE: z.string().min(1).default("wharf/agent:latest"),
  /** Default lifetime of a join token (the console offers 1 h, 24 h, 7 days): short, because it adds machines. */
  JOIN_TOKEN_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(1),
  /**
   * Join token of the local agent that `npm run up` starts: the first organisation gets a
   * cluster named "local" that this token joins, so a new install lands in a working cluster.
   */
  LOCAL_AGENT_JOIN_TOKEN: unsetIfEmpty(
    z.string().regex(/^wharf_join_[A-Za-z0-9_-]{20,}$/, "must look like wharf_join_… (npm run up generates it)"),
  ),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  LOG_PRETTY: bool.default(false),
  /** Which process this is (console, worker, gateway); tags every log line. */
  WHARF_PROCESS: z.enum(["console", "worker", "gateway", "agent", "script", "test"]).default("console"),
  // ── hosted registry (README "Registry"; derived defaults in lib/drivers/registry/settings.ts) ──
  /** Where the registry listens, comma separated host:port; the first is also how Wharf reaches it. */
  REGISTRY_LISTEN: z
    .string()
    .default("127.0.0.1:5000")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(z.string().regex(/^[a-zA-Z0-9.-]+:\d{1,5}$/, "must be host:port, comma separated")).min(1, "needs at least one host:port"),
    ),
  /** The registry address users put in image names and `docker login` (default: the first REGISTRY_LISTEN). */
  REGISTRY_PUBLIC_HOST: unsetIfEmpty(z.string().regex(/^[a-zA-Z0-9.-]+(:\d{1,5})?$/, "must be host or host:port")),
  /** How the console and workers call the registry API (default http://<first REGISTRY_LISTEN>). */
  REGISTRY_URL: unsetIfEmpty(z.string().url()),
  /** Token endpoint the registry sends clients to; every Docker engine that pulls must reach it. Default PUBLIC_URL/api/registry/token. */
  REGISTRY_TOKEN_REALM: unsetIfEmpty(z.string().url()),
  /** Where the registry posts its notifications (default PUBLIC_URL/api/registry/events). */
  REGISTRY_NOTIFY_URL: unsetIfEmpty(z.string().url()),
  REGISTRY_SERVICE: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,100}$/)
    .default("wharf-registry"),
  REGISTRY_ISSUER: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,100}$/)
    .default("wharf"),
  /** Registry config, token signing key and certificate, sockets (and data, unless REGISTRY_DATA_DIR). */
  REGISTRY_DIR: z.string().min(1).default(".wharf/registry"),
  REGISTRY_DATA_DIR: unsetIfEmpty(z.string()),
  REGISTRY_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Lifetime of the pull credentials handed to agents with deploy commands (registryAuthFor). */
  REGISTRY_PULL_CREDENTIAL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86400)
    .default(3600),
  /** Scheduled garbage collection (0 = only on request). */
  REGISTRY_GC_EVERY_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** How often retention rules run (0 = never on a schedule). */
  REGISTRY_RETENTION_EVERY_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  // ── traffic layer ──
  /**
   * Parent domain of every cluster's routing domain when the cluster sets none: bare routing
   * prefixes (`aliyun.routing.port_80: web`) become web.<cluster>.<org slug>.<ROUTING_BASE_DOMAIN>.
   * Point a wildcard DNS record at the routing nodes; *.localhost resolves to loopback without one.
   */
  ROUTING_BASE_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a domain such as apps.example.com")
    .max(150)
    .default("wharf.localhost"),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {}

let cached: Env | undefined;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see README "Configuration"):\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function assertEnv(): Env {
  cached ??= loadEnv();
  return cached;
}

/**
 * One setting, validated on its own: for modules that load at build time (the logger) and must
 * not require secrets just to be imported.
 */
export function envValue<K extends keyof Env>(key: K, source: Record<string, string | undefined> = process.env): Env[K] {
  if (cached) return cached[key];
  const field = schema.shape[key];
  const parsed = field.safeParse(source[key]);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${key}: ${parsed.error.issues[0]?.message}`);
  return parsed.data as Env[K];
}

/** Typed, lazily validated configuration. */
export const env: Env = new Proxy({} as Env, {
  get: (_target, key) => assertEnv()[key as keyof Env],
});
