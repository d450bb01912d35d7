/**
 * An autoscaling rule and its decisions as a service chart draws them: a dashed line per threshold
 * on the panel of its metric, and a marker per decision whose tooltip is the evaluator's explanation.
 */
import type { ChartMarker, ChartThreshold, PanelId } from "@/components/metrics/chart-annotations";
import { formatValue } from "@/components/metrics/format";
import type { AutoscalingDecisionView, AutoscalingMetric, AutoscalingRuleView } from "@/lib/schemas/autoscaling";

const PANEL: Record<AutoscalingMetric, PanelId> = { cpu: "cpu", memory: "memory", inRate: "network", outRate: "network" };
const NAME: Record<AutoscalingMetric, string> = { cpu: "CPU", memory: "memory", inRate: "received", outRate: "sent" };

export const metricValue = (metric: AutoscalingMetric, value: number | null | undefined) =>
  formatValue(metric === "cpu" || metric === "memory" ? "percent" : "bytesPerSecond", value);

export function ruleThresholds(rule: AutoscalingRuleView): ChartThreshold[] {
  return (Object.keys(PANEL) as AutoscalingMetric[]).flatMap((metric) => {
    const { max, min } = rule.thresholds[metric];
    const label = (sign: string, value: number) =>
      `${metric === "cpu" || metric === "memory" ? "" : `${NAME[metric]} `}${sign} ${metricValue(metric, value)}`;
    return [
      ...(max === null ? [] : [{ panel: PANEL[metric], value: max, direction: "out" as const, label: label("scale out >", max) }]),
      ...(min === null ? [] : [{ panel: PANEL[metric], value: min, direction: "in" as const, label: label("scale in <", min) }]),
    ];
  });
}

/** The panel a decision is about: from its reason ("cpu-above"), else its explanation, else CPU. */
function panelOf(d: AutoscalingDecisionView): PanelId {
  for (const metric of Object.keys(PANEL) as AutoscalingMetric[])
    if (d.reason.toLowerCase().startsWith(metric.toLowerCase())) return PANEL[metric];
  if (/^memory/i.test(d.explanation)) return "memory";
  if (/^(inbound|outbound|received|sent|network)/i.test(d.explanation)) return "network";
  return "cpu";
}

const clock = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour12: false });

export function decisionMarker(d: AutoscalingDecisionView): ChartMarker {
  const delta = d.toReplicas - d.fromReplicas;
  const direction = d.action === "scale-out" ? "out" : d.action === "scale-in" ? "in" : "held";
  const repeated = d.repeats > 1 ? `\nSeen ${d.repeats} times, the last at ${clock(d.lastAt)}.` : "";
  return {
    id: d.id,
    t: new Date(d.at).getTime(),
    panel: panelOf(d),
    direction,
    short: direction === "held" ? "held" : `${delta > 0 ? "+" : "−"}${Math.abs(delta)}`,
    explanation: `${d.explanation}${repeated}`,
  };
}
