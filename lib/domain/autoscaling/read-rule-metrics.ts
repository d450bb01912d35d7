import { PrometheusError, type PrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { LABEL } from "@/lib/metrics/metric-names";
import type { AutoscalingMetric } from "@/lib/schemas/autoscaling";
import { serviceAveragesQuery, serviceKey } from "./autoscaling-promql";
import type { MetricValues, Observation } from "./decide-scaling";
import { METRIC_FACTS, watchedMetrics, type RuleSettings } from "./rule-settings";

export type RuleTarget = { ruleId: string; orgId: string; application: string; service: string; settings: RuleSettings };

/** Organisations per query: keeps the URL short (ids are ~25 characters). */
const ORGS_PER_QUERY = 100;

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

function unavailable(error: unknown): Observation {
  const message = error instanceof Error ? error.message : String(error);
  const reason = error instanceof PrometheusError && error.kind === "query" ? "prometheus-error" : "prometheus-unreachable";
  return { kind: "unavailable", reason, message };
}

/**
 * The averages each rule compares with its thresholds, over the rule's window. Rules are grouped
 * by window; each group costs one query per metric its rules watch. A group whose queries fail
 * gets "unavailable" (the evaluator records it and carries on); a service without series gets null.
 */
export async function readRuleMetrics(prometheus: PrometheusClient, targets: RuleTarget[]): Promise<Map<string, Observation>> {
  const observations = new Map<string, Observation>();
  const byWindow = new Map<number, RuleTarget[]>();
  for (const t of targets) byWindow.set(t.settings.windowSeconds, [...(byWindow.get(t.settings.windowSeconds) ?? []), t]);

  await Promise.all(
    [...byWindow].map(async ([windowSeconds, group]) => {
      const metrics = [...new Set(group.flatMap((t) => watchedMetrics(t.settings)))];
      const orgChunks = chunks([...new Set(group.map((t) => t.orgId))], ORGS_PER_QUERY);
      const found = new Map<AutoscalingMetric, Map<string, number>>(metrics.map((m) => [m, new Map()]));
      try {
        await Promise.all(
          metrics.flatMap((metric) =>
            orgChunks.map(async (orgIds) => {
              const samples = await prometheus.query(serviceAveragesQuery({ series: METRIC_FACTS[metric].series, windowSeconds, orgIds }));
              for (const s of samples) {
                if (Number.isFinite(s.value))
                  found
                    .get(metric)
                    ?.set(serviceKey(s.labels[LABEL.org] ?? "", s.labels[LABEL.application] ?? "", s.labels[LABEL.service] ?? ""), s.value);
              }
            }),
          ),
        );
      } catch (error) {
        for (const t of group) observations.set(t.ruleId, unavailable(error));
        return;
      }
      for (const t of group) {
        const key = serviceKey(t.orgId, t.application, t.service);
        const values: MetricValues = { cpu: null, memory: null, inRate: null, outRate: null };
        for (const metric of watchedMetrics(t.settings)) values[metric] = found.get(metric)?.get(key) ?? null;
        observations.set(t.ruleId, { kind: "values", values });
      }
    }),
  );
  return observations;
}
