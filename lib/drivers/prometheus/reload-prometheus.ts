/**
 * Asks Wharf's Prometheus (PROMETHEUS_URL, run with --web.enable-lifecycle) to re-read its
 * configuration and rule files: POST /-/reload answers once the reload is done, 200 when the
 * rules loaded, 500 with the reason when they did not (the previous rules stay in force).
 */
import { envValue } from "@/lib/env";
import { PrometheusError } from "./prometheus-client";

export async function reloadPrometheus(baseUrl: string = envValue("PROMETHEUS_URL")): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, "")}/-/reload`;
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new PrometheusError(`Prometheus at ${baseUrl} did not answer the reload: ${(err as Error).message}`, "unreachable");
  }
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).trim().slice(0, 500);
    throw new PrometheusError(
      `Prometheus refused to reload (${res.status}): ${text}`,
      res.status === 403 || res.status === 404 ? "unreachable" : "query",
    );
  }
}
