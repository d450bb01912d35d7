import { createPrometheusClient, type PrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import type { FederationFilter } from "@/lib/schemas/metrics-federation";
import { askPrometheus } from "./chart-prometheus";
import { federationSelectors, keepOrgSeries } from "./federation-filter";

type FederateMetricsOptions = { orgId: string; filter: FederationFilter; prometheus?: PrometheusClient };

/** The organisation's latest Wharf series from Prometheus' /federate, in the text exposition format. */
export async function federateMetrics({ orgId, filter, prometheus = createPrometheusClient() }: FederateMetricsOptions): Promise<string> {
  const text = await askPrometheus(() => prometheus.federate(federationSelectors(orgId, filter)));
  return keepOrgSeries(text, orgId);
}
