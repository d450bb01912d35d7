/**
 * Wharf's Alertmanager (ALERTMANAGER_URL), over its v2 API: Wharf's event rules post their alerts
 * here (Prometheus posts the metric rules' itself), silences are created and expired here, and the
 * alerts it holds back are read from here. The URL is the operator's configuration, not a tenant's,
 * so plain fetch is used (safe-fetch refuses loopback).
 */
import { z } from "zod";
import { envValue } from "@/lib/env";

export class AlertmanagerError extends Error {
  constructor(
    message: string,
    /** "unreachable" (connection, timeout, 5xx) or "refused" (a 4xx: Wharf sent something wrong). */
    readonly kind: "unreachable" | "refused",
  ) {
    super(message);
    this.name = "AlertmanagerError";
  }
}

/** An alert as POST /api/v2/alerts takes it. endsAt in the past resolves it. */
export type PostableAlert = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
};

export type SilenceMatcher = { name: string; value: string; isRegex: false; isEqual: true };
export type PostableSilence = { matchers: SilenceMatcher[]; startsAt: string; endsAt: string; createdBy: string; comment: string };

const gettableAlertSchema = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string(),
  fingerprint: z.string(),
  status: z.object({ state: z.string(), silencedBy: z.array(z.string()).default([]), inhibitedBy: z.array(z.string()).default([]) }),
});
export type GettableAlert = z.infer<typeof gettableAlertSchema>;

const gettableSilenceSchema = z.object({
  id: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  endsAt: z.string(),
  status: z.object({ state: z.string() }),
});
export type GettableSilence = z.infer<typeof gettableSilenceSchema>;

export type AlertmanagerClient = {
  /** Every silence Alertmanager keeps (active, pending, and expired ones within its retention). */
  listSilences(): Promise<GettableSilence[]>;
  postAlerts(alerts: PostableAlert[]): Promise<void>;
  /** Returns Alertmanager's silence id. */
  createSilence(silence: PostableSilence): Promise<string>;
  /** Expires a silence; one Alertmanager no longer knows (or already expired) is not an error. */
  expireSilence(id: string): Promise<void>;
  /** The alerts Alertmanager holds, filtered by labels (exact matches). */
  listAlerts(options: { silenced: boolean; active: boolean; filter?: Record<string, string> }): Promise<GettableAlert[]>;
};

const TIMEOUT_MS = 10_000;

export function createAlertmanagerClient(baseUrl: string = envValue("ALERTMANAGER_URL")): AlertmanagerClient {
  const base = baseUrl.replace(/\/+$/, "");

  async function send(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new AlertmanagerError(`Alertmanager at ${base} did not answer: ${(err as Error).message}`, "unreachable");
    }
    return res;
  }

  async function fail(res: Response, what: string): Promise<never> {
    const text = (await res.text().catch(() => "")).slice(0, 300);
    throw new AlertmanagerError(`Alertmanager refused ${what} (${res.status}): ${text}`, res.status >= 500 ? "unreachable" : "refused");
  }

  return {
    async postAlerts(alerts) {
      if (alerts.length === 0) return;
      const res = await send("POST", "/api/v2/alerts", alerts);
      if (!res.ok) await fail(res, "the alerts");
    },
    async createSilence(silence) {
      const res = await send("POST", "/api/v2/silences", silence);
      if (!res.ok) await fail(res, "the silence");
      const parsed = z.object({ silenceID: z.string().min(1) }).safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new AlertmanagerError("Alertmanager created a silence without returning its id", "refused");
      return parsed.data.silenceID;
    },
    async listSilences() {
      const res = await send("GET", "/api/v2/silences");
      if (!res.ok) await fail(res, "the silence list");
      return z.array(gettableSilenceSchema).parse(await res.json());
    },
    async expireSilence(id) {
      const res = await send("DELETE", `/api/v2/silence/${encodeURIComponent(id)}`);
      // 404: unknown; 500 "silence … already expired" in 0.25: both mean it no longer silences anything.
      if (res.ok || res.status === 404) return;
      const text = await res.text().catch(() => "");
      if (/already expired/i.test(text)) return;
      throw new AlertmanagerError(
        `Alertmanager refused to expire silence ${id} (${res.status}): ${text.slice(0, 300)}`,
        res.status >= 500 ? "unreachable" : "refused",
      );
    },
    async listAlerts({ silenced, active, filter = {} }) {
      const params = new URLSearchParams({ silenced: String(silenced), active: String(active), inhibited: "true", unprocessed: "false" });
      for (const [name, value] of Object.entries(filter)) params.append("filter", `${name}=${JSON.stringify(value)}`);
      const res = await send("GET", `/api/v2/alerts?${params.toString()}`);
      if (!res.ok) await fail(res, "the alert list");
      return z.array(gettableAlertSchema).parse(await res.json());
    },
  };
}

let shared: { url: string; client: AlertmanagerClient } | undefined;
/** The client for ALERTMANAGER_URL, created once per process. */
export function alertmanager(): AlertmanagerClient {
  const url = envValue("ALERTMANAGER_URL");
  if (shared?.url !== url) shared = { url, client: createAlertmanagerClient(url) };
  return shared.client;
}
