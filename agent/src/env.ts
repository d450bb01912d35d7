/**
 * The agent's configuration, from CLI flags and environment variables (flags win), validated once
 * at startup. This is the only module that reads process.env.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { GATEWAY_PATHS } from "@/lib/protocol";
import { LOG_LEVELS, type LogLevel } from "./log/logger";

export type AgentConfig = {
  /** Gateway base URL as given (http/https, no trailing slash). */
  url: string;
  joinUrl: string;
  /** ws/wss URL of the WebSocket endpoint. */
  connectUrl: string;
  /** From --token or WHARF_JOIN_TOKEN; see joinTokenFile for the form that stays out of `ps`. */
  joinToken: string | null;
  /** True when the token came on the command line (visible to every user in `ps`): warned about. */
  joinTokenInArgv: boolean;
  /** From --token-file / WHARF_JOIN_TOKEN_FILE (a file, or /dev/stdin): read at start, deleted once joined. */
  joinTokenFile: string | null;
  stateDir: string;
  dockerSocket: string;
  caFile: string | null;
  advertiseAddr: string | null;
  waitForToken: boolean;
  logLevel: LogLevel;
  /**
   * The agent's ceiling on workload policies: "cluster" enforces the policy the control plane sends
   * with each command (strict when none comes); "strict" enforces the strict policy whatever the
   * cluster allows — for the control-plane host, and any machine whose owner wants that guarantee.
   */
  workloadPolicy: "strict" | "cluster";
  /** Seconds between metrics samples of the node and its Wharf containers; 0 turns metrics off. */
  metricsIntervalSeconds: number;
  /**
   * Collection of the log stores services declare (agent/src/logs): their stdout and files, kept in
   * a buffer under <stateDir>/logs until the control plane has stored them. Off: nothing is read,
   * and the live tail of the console works as before.
   */
  logsEnabled: boolean;
  /** The most disk the log buffer takes; past it the oldest lines are dropped (and counted). */
  logBufferBytes: number;
  /** Log batches (up to 1,000 lines) sent per minute at most: keep it under the gateway's GATEWAY_AGENT_LOG_BATCHES_PER_MINUTE. */
  logBatchesPerMinute: number;
};

export type ParsedCommandLine = { kind: "run"; config: AgentConfig } | { kind: "help" } | { kind: "version" };

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const HELP_TEXT = `wharf-agent — connects this machine's Docker Engine to a Wharf control plane (outbound only)

Usage: wharf-agent --url <gateway-url> [--token-file <file>] [options]

  --url <url>              gateway base URL, http(s)://…            env WHARF_URL (required)
  --token-file <file>      join token in a file, or /dev/stdin      env WHARF_JOIN_TOKEN_FILE
                           (first start only; deleted once joined)
                           or the join token itself                 env WHARF_JOIN_TOKEN
  --token <token>          join token as an argument: other users see it in ps (avoid)
  --state-dir <dir>        where the node credential is kept        env WHARF_STATE_DIR (/var/lib/wharf-agent)
  --docker-socket <path>   Docker Engine unix socket                env DOCKER_SOCKET (/var/run/docker.sock)
  --ca-file <file>         extra CA certificate(s), PEM, for TLS    env WHARF_CA_FILE
  --advertise-addr <addr>  address other swarm nodes reach this on  env WHARF_ADVERTISE_ADDR
  --wait-for-token         retry while the join token is not valid  env WHARF_WAIT_FOR_TOKEN=1
  --log-level <level>      debug | info | warn | error              env WHARF_LOG_LEVEL (info)
  --workload-policy <p>    cluster: the cluster's workload policy    env WHARF_WORKLOAD_POLICY (cluster)
                           strict: never more than the strict policy
  --metrics-interval <s>   seconds between metrics samples, 0: off  env WHARF_METRICS_INTERVAL_SECONDS (10)
  --logs <on|off>          collect the log stores services declare  env WHARF_LOGS (on)
  --log-buffer-mb <n>      disk for lines not yet stored, in MiB     env WHARF_LOG_BUFFER_MB (256)
                           (when full, the oldest lines are dropped and counted)
  --log-batches-per-minute <n>  pace of log batches to the gateway env WHARF_LOG_BATCHES_PER_MINUTE (1000)
  --help, --version

TLS certificates are always verified. Exit codes: 0 stopped, 1 failure, 2 join token refused,
3 credential revoked or node removed, 4 protocol unsupported, 64 bad configuration.
`;

const BOOLEAN_TEXT = /^(1|true|yes|on|0|false|no|off)$/i;

const urlSchema = z.string().superRefine((value, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `not a URL: "${value}"` });
    return;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    ctx.addIssue({ code: "custom", message: "must start with http:// or https://" });
  if (parsed.username || parsed.password) ctx.addIssue({ code: "custom", message: "must not contain credentials" });
  if (parsed.search || parsed.hash) ctx.addIssue({ code: "custom", message: "must not contain a query or fragment" });
});

/** The shape of a join token (also checked when read from --token-file). */
export const joinTokenSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters")
  .regex(/^\S+$/, "must not contain spaces");

const rawSchema = z.object({
  url: urlSchema,
  token: joinTokenSchema.optional(),
  tokenFile: z.string().min(1).optional(),
  stateDir: z.string().min(1).default("/var/lib/wharf-agent"),
  dockerSocket: z.string().min(1).default("/var/run/docker.sock"),
  caFile: z.string().min(1).optional(),
  // an IP (v4/v6, optional port) or an interface name, as `docker swarm init --advertise-addr` takes
  advertiseAddr: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9.:\[\]%_-]+$/, "must be an IP address, IP:port or interface name")
    .optional(),
  waitForToken: z
    .string()
    .regex(BOOLEAN_TEXT, "must be true/false/1/0")
    .transform((v) => /^(1|true|yes|on)$/i.test(v))
    .default(false),
  logLevel: z.enum(LOG_LEVELS).default("info"),
  workloadPolicy: z.enum(["strict", "cluster"]).default("cluster"),
  metricsInterval: z.coerce.number().int("must be a whole number of seconds").min(0).max(3600).default(10),
  logs: z
    .string()
    .regex(BOOLEAN_TEXT, "must be on/off (or true/false, 1/0)")
    .transform((v) => /^(1|true|yes|on)$/i.test(v))
    .default(true),
  logBufferMb: z.coerce
    .number()
    .int("must be a whole number of MiB")
    .min(1)
    .max(1024 * 1024)
    .default(256),
  // the gateway closes a connection that sends more than GATEWAY_AGENT_LOG_BATCHES_PER_MINUTE (1200 by default)
  logBatchesPerMinute: z.coerce.number().int("must be a whole number").min(10).max(1_000_000).default(1000),
});

const FLAGS = {
  url: { type: "string" },
  token: { type: "string" },
  "token-file": { type: "string" },
  "state-dir": { type: "string" },
  "docker-socket": { type: "string" },
  "ca-file": { type: "string" },
  "advertise-addr": { type: "string" },
  "wait-for-token": { type: "boolean" },
  "log-level": { type: "string" },
  "workload-policy": { type: "string" },
  "metrics-interval": { type: "string" },
  logs: { type: "string" },
  "log-buffer-mb": { type: "string" },
  "log-batches-per-minute": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

/** Names of each setting on the command line and in the environment, for error messages. */
const SOURCES: Record<keyof z.input<typeof rawSchema>, { flag: string; env: string }> = {
  url: { flag: "--url", env: "WHARF_URL" },
  token: { flag: "--token", env: "WHARF_JOIN_TOKEN" },
  tokenFile: { flag: "--token-file", env: "WHARF_JOIN_TOKEN_FILE" },
  stateDir: { flag: "--state-dir", env: "WHARF_STATE_DIR" },
  dockerSocket: { flag: "--docker-socket", env: "DOCKER_SOCKET" },
  caFile: { flag: "--ca-file", env: "WHARF_CA_FILE" },
  advertiseAddr: { flag: "--advertise-addr", env: "WHARF_ADVERTISE_ADDR" },
  waitForToken: { flag: "--wait-for-token", env: "WHARF_WAIT_FOR_TOKEN" },
  logLevel: { flag: "--log-level", env: "WHARF_LOG_LEVEL" },
  workloadPolicy: { flag: "--workload-policy", env: "WHARF_WORKLOAD_POLICY" },
  metricsInterval: { flag: "--metrics-interval", env: "WHARF_METRICS_INTERVAL_SECONDS" },
  logs: { flag: "--logs", env: "WHARF_LOGS" },
  logBufferMb: { flag: "--log-buffer-mb", env: "WHARF_LOG_BUFFER_MB" },
  logBatchesPerMinute: { flag: "--log-batches-per-minute", env: "WHARF_LOG_BATCHES_PER_MINUTE" },
};

type Env = Record<string, string | undefined>;

/** Parses flags and environment; throws ConfigError listing every problem. */
export function parseCommandLine(argv: readonly string[], env: Env): ParsedCommandLine {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)}\nRun with --help for the list of options.`);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const pick = (key: keyof typeof SOURCES): string | undefined => {
    const flagValue = values[SOURCES[key].flag.slice(2)];
    if (typeof flagValue === "boolean") return flagValue ? "true" : undefined;
    if (flagValue !== undefined) return flagValue;
    const envValue = env[SOURCES[key].env];
    return envValue === undefined || envValue === "" ? undefined : envValue;
  };
  const input = Object.fromEntries(Object.keys(SOURCES).map((key) => [key, pick(key as keyof typeof SOURCES)]));
  const parsed = rawSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path[0] as keyof typeof SOURCES;
      const source = SOURCES[key];
      const what = issue.code === "invalid_type" && input[key] === undefined ? "is required" : issue.message;
      return `  ${source.flag} / ${source.env}: ${what}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const raw = parsed.data;
  if (raw.token && raw.tokenFile)
    throw new ConfigError(
      "invalid configuration:\n  give the join token once: --token-file / WHARF_JOIN_TOKEN_FILE or --token / WHARF_JOIN_TOKEN, not both",
    );
  const base = raw.url.replace(/\/+$/, "");
  return {
    kind: "run",
    config: {
      url: base,
      joinUrl: base + GATEWAY_PATHS.join,
      connectUrl: base.replace(/^http/, "ws") + GATEWAY_PATHS.connect,
      joinToken: raw.token ?? null,
      joinTokenInArgv: typeof values.token === "string",
      joinTokenFile: raw.tokenFile ? path.resolve(raw.tokenFile) : null,
      stateDir: path.resolve(raw.stateDir),
      dockerSocket: path.resolve(raw.dockerSocket),
      caFile: raw.caFile ? path.resolve(raw.caFile) : null,
      advertiseAddr: raw.advertiseAddr ?? null,
      waitForToken: raw.waitForToken,
      logLevel: raw.logLevel,
      workloadPolicy: raw.workloadPolicy,
      metricsIntervalSeconds: raw.metricsInterval,
      logsEnabled: raw.logs,
      logBufferBytes: raw.logBufferMb * 1024 * 1024,
      logBatchesPerMinute: raw.logBatchesPerMinute,
    },
  };
}

/** The process's own command line and environment. */
export function loadCommandLine(): ParsedCommandLine {
  return parseCommandLine(process.argv.slice(2), process.env);
}
