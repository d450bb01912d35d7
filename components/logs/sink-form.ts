/**
 * The "Add sink" form's values (one text per field, keyed by the API's field path so a 422 lands
 * under its input) and the request they make, per kind.
 */
import type { CreateLogSinkInput, LogSinkKind } from "@/lib/schemas/log-sinks";

export const SINK_KINDS: Record<LogSinkKind, { label: string; urlLabel: string; urlHint: string; urlPlaceholder: string }> = {
  ELASTICSEARCH: {
    label: "Elasticsearch / OpenSearch",
    urlLabel: "Base URL",
    urlHint: "Lines are sent to <URL>/_bulk.",
    urlPlaceholder: "https://search.example.com:9200",
  },
  LOKI: {
    label: "Grafana Loki",
    urlLabel: "Base URL",
    urlHint: "Lines are pushed to <URL>/loki/api/v1/push.",
    urlPlaceholder: "https://loki.example.com",
  },
  ALIYUN_SLS: {
    label: "Alibaba Cloud Log Service",
    urlLabel: "Endpoint",
    urlHint: "The project's region endpoint.",
    urlPlaceholder: "https://cn-hangzhou.log.aliyuncs.com",
  },
};

/** How a sink authenticates; Log Service always with an AccessKey pair. */
export const AUTH_MODES: Record<LogSinkKind, Array<{ id: string; label: string }>> = {
  ELASTICSEARCH: [
    { id: "none", label: "None" },
    { id: "basic", label: "User and password" },
    { id: "apiKey", label: "API key" },
  ],
  LOKI: [
    { id: "none", label: "None" },
    { id: "basic", label: "User and password" },
    { id: "bearer", label: "Bearer token" },
  ],
  ALIYUN_SLS: [{ id: "accessKey", label: "AccessKey" }],
};

export type SinkValues = Record<string, string>;

export const initialSinkValues = (kind: LogSinkKind): SinkValues => ({
  name: "",
  url: "",
  auth: AUTH_MODES[kind][0]?.id ?? "none",
  ...(kind === "ELASTICSEARCH" ? { "settings.index": "wharf-logs" } : {}),
});

const text = (v: SinkValues, key: string) => (v[key] ?? "").trim();
const optional = (v: SinkValues, key: string) => text(v, key) || undefined;

/** "env=prod\nteam=shop" → { env: "prod", team: "shop" }; a line without "=" is an error. */
export function parseLabels(source: string): { labels: Record<string, string>; error: string | null } {
  const labels: Record<string, string> = {};
  for (const raw of source.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0) return { labels, error: `"${line}" is not name=value` };
    labels[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { labels, error: null };
}

function credentials(kind: LogSinkKind, v: SinkValues) {
  const mode = v.auth;
  if (mode === "basic") return { username: text(v, "credentials.username"), password: v["credentials.password"] ?? "" };
  if (mode === "apiKey") return { apiKey: text(v, "credentials.apiKey") };
  if (mode === "bearer") return { bearerToken: text(v, "credentials.bearerToken") };
  if (kind === "ALIYUN_SLS")
    return { accessKeyId: text(v, "credentials.accessKeyId"), accessKeySecret: v["credentials.accessKeySecret"] ?? "" };
  return undefined;
}

/** The fields each authentication mode needs (the form says "is required" before asking). */
const CREDENTIAL_KEYS: Record<string, string[]> = {
  basic: ["credentials.username", "credentials.password"],
  apiKey: ["credentials.apiKey"],
  bearer: ["credentials.bearerToken"],
  accessKey: ["credentials.accessKeyId", "credentials.accessKeySecret"],
};
const REQUIRED: Record<LogSinkKind, string[]> = { ELASTICSEARCH: [], LOKI: [], ALIYUN_SLS: ["settings.project", "settings.logstore"] };

/** The request for the form, or the fields that are wrong before asking. */
export function sinkInput(kind: LogSinkKind, v: SinkValues): { input: CreateLogSinkInput | null; errors: Record<string, string> } {
  const missing = ["name", "url", ...REQUIRED[kind], ...(CREDENTIAL_KEYS[v.auth ?? "none"] ?? [])].filter((key) => !text(v, key));
  if (missing.length) return { input: null, errors: Object.fromEntries(missing.map((key) => [key, "is required"])) };
  const base = { name: text(v, "name"), url: text(v, "url") };
  if (kind === "ELASTICSEARCH") {
    const creds = credentials(kind, v) as { username: string; password: string } | { apiKey: string } | undefined;
    return { input: { kind, ...base, settings: { index: text(v, "settings.index") || "wharf-logs" }, credentials: creds }, errors: {} };
  }
  if (kind === "LOKI") {
    const { labels, error } = parseLabels(v["settings.labels"] ?? "");
    if (error) return { input: null, errors: { "settings.labels": error } };
    const creds = credentials(kind, v) as { username: string; password: string } | { bearerToken: string } | undefined;
    return { input: { kind, ...base, settings: { labels, tenant: optional(v, "settings.tenant") }, credentials: creds }, errors: {} };
  }
  const settings = { project: text(v, "settings.project"), logstore: text(v, "settings.logstore"), topic: optional(v, "settings.topic") };
  return {
    input: { kind, ...base, settings, credentials: credentials(kind, v) as { accessKeyId: string; accessKeySecret: string } },
    errors: {},
  };
}
