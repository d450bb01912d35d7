/**
 * Settings of Wharf's Prometheus (scripts/prometheus/run.ts), parsed once with zod like lib/env.ts.
 * They are the runner's alone (the console and workers only need PROMETHEUS_URL), so they live
 * here; METRICS_SCRAPE_TOKEN and GATEWAY_PORT are shared and come from lib/env.ts.
 */
import path from "node:path";
import { z } from "zod";
import { envValue } from "@/lib/env";

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):\d{1,5}$/, "must be host:port");
/** A Prometheus duration such as 5s, 15d or 1h30m. */
const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, "must be a Prometheus duration such as 5s, 15d or 1h30m");
const optional = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z.object({
  PROMETHEUS_BINARY: z.string().min(1).default("/usr/bin/prometheus"),
  /** Where Prometheus serves its API; PROMETHEUS_URL (lib/env.ts) must point here. */
  PROMETHEUS_LISTEN: hostPort.default("127.0.0.1:9090"),
  PROMETHEUS_RETENTION: duration.default("15d"),
  /** Optional cap on the TSDB's size, e.g. 20GB (the oldest blocks go first). */
  PROMETHEUS_RETENTION_SIZE: optional(z.string().regex(/^\d+(B|KB|MB|GB|TB|PB|EB)$/, "must be a size such as 20GB")),
  /** Every gateway, host:port, comma separated (default: this machine's gateway). */
  PROMETHEUS_SCRAPE_GATEWAYS: optional(z.string()),
  /** https when the gateways serve TLS (GATEWAY_TLS_CERT_FILE). */
  PROMETHEUS_SCRAPE_SCHEME: z.enum(["http", "https"]).default("http"),
  PROMETHEUS_SCRAPE_INTERVAL: duration.default("5s"),
  /** Also send every sample to a long-term store (docs/metrics.md "Remote write"). */
  PROMETHEUS_REMOTE_WRITE_URL: optional(z.string().url()),
  PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN: optional(z.string().min(1)),
  PROMETHEUS_REMOTE_WRITE_USERNAME: optional(z.string().min(1)),
  PROMETHEUS_REMOTE_WRITE_PASSWORD: optional(z.string().min(1)),
  /** Sent as X-Scope-OrgID (the tenant header of Mimir, Cortex and Loki-style stores). */
  PROMETHEUS_REMOTE_WRITE_TENANT: optional(z.string().min(1).max(150)),
  /** Alertmanagers alerts go to, host:port, comma separated; default ALERTMANAGER_URL's; "none": no alerting. */
  PROMETHEUS_ALERTMANAGERS: optional(z.string()),
  /**
   * How often a firing alert is sent to Alertmanager again (Prometheus' default is 1m). Shorter, so an
   * alert whose first send fell into a reload (no Alertmanager known for a moment) is not a minute late.
   */
  PROMETHEUS_ALERT_RESEND_DELAY: duration.default("15s"),
});

export type RemoteWrite = { url: string; bearerToken?: string; basicAuth?: { username: string; password: string }; tenant?: string };

export type PrometheusSettings = {
  binary: string;
  listen: string;
  dataDir: string;
  retention: string;
  retentionSize?: string;
  gateways: string[];
  scheme: "http" | "https";
  scrapeInterval: string;
  scrapeToken?: string;
  remoteWrite?: RemoteWrite;
  /** Where firing alerts are sent (Wharf's Alertmanager); empty: nowhere. */
  alertmanagers: { scheme: "http" | "https"; targets: string[] };
  alertResendDelay: string;
};

export function prometheusSettings(source: Record<string, string | undefined> = process.env): PrometheusSettings {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Prometheus configuration (docs/metrics.md):\n${lines.join("\n")}`);
  }
  const s = parsed.data;
  const gateways = (s.PROMETHEUS_SCRAPE_GATEWAYS ?? `127.0.0.1:${envValue("GATEWAY_PORT", source)}`)
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
  const bad = gateways.filter((g) => !hostPort.safeParse(g).success);
  if (bad.length || gateways.length === 0)
    throw new Error(`PROMETHEUS_SCRAPE_GATEWAYS must be host:port, comma separated (got ${bad.join(", ") || "nothing"})`);
  if (Boolean(s.PROMETHEUS_REMOTE_WRITE_USERNAME) !== Boolean(s.PROMETHEUS_REMOTE_WRITE_PASSWORD)) {
    throw new Error("PROMETHEUS_REMOTE_WRITE_USERNAME and PROMETHEUS_REMOTE_WRITE_PASSWORD go together");
  }
  if (s.PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN && s.PROMETHEUS_REMOTE_WRITE_USERNAME) {
    throw new Error("remote write takes a bearer token or a user name and password, not both");
  }
  const remoteWrite: RemoteWrite | undefined = s.PROMETHEUS_REMOTE_WRITE_URL
    ? {
        url: s.PROMETHEUS_REMOTE_WRITE_URL,
        bearerToken: s.PROMETHEUS_REMOTE_WRITE_BEARER_TOKEN,
        basicAuth:
          s.PROMETHEUS_REMOTE_WRITE_USERNAME && s.PROMETHEUS_REMOTE_WRITE_PASSWORD
            ? { username: s.PROMETHEUS_REMOTE_WRITE_USERNAME, password: s.PROMETHEUS_REMOTE_WRITE_PASSWORD }
            : undefined,
        tenant: s.PROMETHEUS_REMOTE_WRITE_TENANT,
      }
    : undefined;
  return {
    alertmanagers: alertmanagerTargets(s.PROMETHEUS_ALERTMANAGERS, source),
    alertResendDelay: s.PROMETHEUS_ALERT_RESEND_DELAY,
    binary: s.PROMETHEUS_BINARY,
    listen: s.PROMETHEUS_LISTEN,
    // Shared with the workers, which write alerting rules into its rules/ (lib/env.ts).
    dataDir: path.resolve(envValue("PROMETHEUS_DATA_DIR", source)),
    retention: s.PROMETHEUS_RETENTION,
    retentionSize: s.PROMETHEUS_RETENTION_SIZE,
    gateways,
    scheme: s.PROMETHEUS_SCRAPE_SCHEME,
    scrapeInterval: s.PROMETHEUS_SCRAPE_INTERVAL,
    scrapeToken: envValue("METRICS_SCRAPE_TOKEN", source),
    remoteWrite,
  };
}

/** PROMETHEUS_ALERTMANAGERS, or ALERTMANAGER_URL's host and port (the one Wharf runs). */
function alertmanagerTargets(setting: string | undefined, source: Record<string, string | undefined>): PrometheusSettings["alertmanagers"] {
  if (setting?.trim() === "none") return { scheme: "http", targets: [] };
  if (!setting) {
    const u = new URL(envValue("ALERTMANAGER_URL", source));
    const scheme = u.protocol === "https:" ? "https" : "http";
    return { scheme, targets: [`${u.hostname}:${u.port || (scheme === "https" ? "443" : "80")}`] };
  }
  const targets = setting
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const bad = targets.filter((t) => !hostPort.safeParse(t).success);
  if (bad.length || targets.length === 0)
    throw new Error(`PROMETHEUS_ALERTMANAGERS must be host:port, comma separated, or "none" (got ${bad.join(", ") || "nothing"})`);
  return { scheme: "http", targets };
}
