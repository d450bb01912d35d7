"use client";

import Link from "next/link";
import { useState } from "react";
import { decisionMarker, ruleThresholds } from "@/components/autoscaling/rule-annotations";
import { useAutoscalingDecisions, useAutoscalingRules } from "@/lib/query/use-autoscaling";
import { useServiceMetrics } from "@/lib/query/use-metrics";
import type { MetricRange } from "@/lib/schemas/metrics";
import { MetricChart } from "./metric-chart";

/**
 * A service's chart: average and per-task CPU and memory, network per container; with its
 * autoscaling rule's thresholds and a marker per decision when it has a rule.
 */
export function ServiceMetrics({
  applicationId,
  serviceId,
  serviceName,
}: {
  applicationId: string;
  serviceId: string;
  serviceName: string;
}) {
  const [range, setRange] = useState<MetricRange>("1h");
  const query = useServiceMetrics(applicationId, serviceId, range);
  const rules = useAutoscalingRules(applicationId);
  const rule = rules.data?.items.find((r) => r.serviceId === serviceId);
  const decisions = useAutoscalingDecisions({ ruleId: rule?.id }, { limit: 200, enabled: Boolean(rule) });
  const markers = rule ? (decisions.data?.items ?? []).filter((d) => d.ruleId === rule.id).map(decisionMarker) : [];
  return (
    <MetricChart
      testId={`service-metrics-${serviceName}`}
      title={`${serviceName}: metrics`}
      description={
        rule ? (
          <>
            Dashed lines are its autoscaling thresholds; markers are its decisions (hover or focus one for why).{" "}
            <Link href="/autoscaling" className="text-brand-600 hover:underline">
              Edit the rule
            </Link>
          </>
        ) : (
          "Average over its containers and each task. No autoscaling rule."
        )
      }
      range={range}
      onRange={setRange}
      query={query}
      thresholds={rule?.enabled ? ruleThresholds(rule) : []}
      markers={markers}
      empty={
        <>
          No container of {serviceName} reported metrics in this range. Metrics arrive within about 30 seconds of a task starting (agents
          sample every 10 s); check that its tasks run and that their nodes are connected.
        </>
      }
    />
  );
}
