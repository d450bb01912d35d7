/**
 * Settings of Wharf's Alertmanager (scripts/alertmanager/run.ts), parsed once with zod like
 * lib/env.ts. ALERTMANAGER_URL (where Prometheus and the workers send alerts), the receiver's bearer
 * token and PUBLIC_URL are shared and come from lib/env.ts; the rest is the runner's alone.
 */
import path from "node:path";
import { z } from "zod";
import { envValue } from "@/lib/env";

const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):\d{1,5}$/, "must be host:port");
/** An Alertmanager/Prometheus duration such as 1s, 5m or 4h. */
const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, "must be a duration such as 10s, 5m or 4h");
const optional = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner.optional());

const schema = z.object({
  ALERTMANAGER_BINARY: z.string().min(1).default("/usr/bin/prometheus-alertmanager"),
  /** Where it listens; default the host and port of ALERTMANAGER_URL. */
  ALERTMANAGER_LISTEN: optional(hostPort),
  /** Its generated configuration, the receiver token file and its state (silences, notification log). */
  ALERTMANAGER_DATA_DIR: z.string().min(1).default(".wharf/alertmanager"),
  /** Wharf's receiver; default PUBLIC_URL/api/alertmanager/webhook. */
  ALERTMANAGER_RECEIVER_URL: optional(z.string().url()),
  /** How long a new alert waits for others of its group (each alert is a group of its own here). */
  ALERTMANAGER_GROUP_WAIT: duration.default("10s"),
  ALERTMANAGER_GROUP_INTERVAL: duration.default("1m"),
  /** A firing alert is sent to Wharf again after this long (Wharf notifies channels once per firing). */
  ALERTMANAGER_REPEAT_INTERVAL: duration.default("4h"),
  /** An alert sent without endsAt is resolved after this long without being sent again. */
  ALERTMANAGER_RESOLVE_TIMEOUT: duration.default("5m"),
  /** How long silences and the notification log are kept after they end. */
  ALERTMANAGER_RETENTION: duration.default("120h"),
});

export type AlertmanagerSettings = {
  binary: string;
  listen: string;
  dataDir: string;
  receiverUrl: string;
  receiverToken?: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  resolveTimeout: string;
  retention: string;
};

/** host:port of an http(s) URL (the scheme's default port when it names none). */
export function hostPortOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
}

export function alertmanagerSettings(source: Record<string, string | undefined> = process.env): AlertmanagerSettings {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Alertmanager configuration (docs/alerts.md):\n${lines.join("\n")}`);
  }
  const s = parsed.data;
  return {
    binary: s.ALERTMANAGER_BINARY,
    listen: s.ALERTMANAGER_LISTEN ?? hostPortOf(envValue("ALERTMANAGER_URL", source)),
    dataDir: path.resolve(s.ALERTMANAGER_DATA_DIR),
    receiverUrl: s.ALERTMANAGER_RECEIVER_URL ?? `${envValue("PUBLIC_URL", source).replace(/\/+$/, "")}/api/alertmanager/webhook`,
    receiverToken: envValue("ALERTMANAGER_WEBHOOK_TOKEN", source),
    groupWait: s.ALERTMANAGER_GROUP_WAIT,
    groupInterval: s.ALERTMANAGER_GROUP_INTERVAL,
    repeatInterval: s.ALERTMANAGER_REPEAT_INTERVAL,
    resolveTimeout: s.ALERTMANAGER_RESOLVE_TIMEOUT,
    retention: s.ALERTMANAGER_RETENTION,
  };
}
