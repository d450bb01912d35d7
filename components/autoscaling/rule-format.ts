/** How the Autoscaling page prints a rule's metrics, bounds and timing. */
import { metricValue } from "./rule-annotations";
import { AUTOSCALING_METRICS, type AutoscalingMetric, type AutoscalingRuleView } from "@/lib/schemas/autoscaling";

export const METRIC_TITLES: Record<AutoscalingMetric, string> = { cpu: "CPU", memory: "Memory", inRate: "Inbound", outRate: "Outbound" };

/** The metrics the rule has a threshold on. */
export const watched = (rule: AutoscalingRuleView) =>
  AUTOSCALING_METRICS.filter((m) => rule.thresholds[m].max !== null || rule.thresholds[m].min !== null);

/** Where the current value stands: above the scale-out threshold, below the scale-in one, or between. */
export function position(rule: AutoscalingRuleView, metric: AutoscalingMetric): "above" | "below" | "within" | "unknown" {
  const value = rule.current?.[metric];
  if (value === null || value === undefined) return "unknown";
  const { max, min } = rule.thresholds[metric];
  if (max !== null && value > max) return "above";
  if (min !== null && value < min) return "below";
  return "within";
}

/** "out > 70 % · in < 20 %" */
export function thresholdText(rule: AutoscalingRuleView, metric: AutoscalingMetric): string {
  const { max, min } = rule.thresholds[metric];
  return [max !== null ? `out > ${metricValue(metric, max)}` : null, min !== null ? `in < ${metricValue(metric, min)}` : null]
    .filter(Boolean)
    .join(" · ");
}

export const seconds = (s: number) => (s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/** "window 10 s · 2 checks · cooldown 60 s, scale-in 3 min" */
export const timingText = (rule: AutoscalingRuleView) =>
  `window ${seconds(rule.windowSeconds)} · ${rule.breaches} check${rule.breaches === 1 ? "" : "s"} · cooldown ${seconds(rule.cooldownSeconds)}, scale-in ${seconds(rule.scaleInCooldownSeconds)}`;
