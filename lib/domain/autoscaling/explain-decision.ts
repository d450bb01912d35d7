/**
 * The words of a decision, for people: "CPU 83 % > 70 % for 3 checks → +2, 4 → 6". Pure.
 */
import { formatBytes } from "@/lib/format";
import type { AutoscalingMetric } from "@/lib/schemas/autoscaling";
import { METRIC_FACTS } from "./rule-settings";

const NAMES: Record<AutoscalingMetric, string> = { cpu: "CPU", memory: "memory", inRate: "inbound traffic", outRate: "outbound traffic" };

function compact(value: number): string {
  if (Math.abs(value) >= 10) return String(Math.round(value));
  return String(Math.round(value * 10) / 10);
}

/** "83 %" or "1.5 MiB/s". */
export function formatMetric(metric: AutoscalingMetric, value: number): string {
  return METRIC_FACTS[metric].unit === "percent" ? `${compact(value)} %` : `${formatBytes(value)}/s`;
}

/** "CPU 83 % > 70 %" for each crossing, joined with "and". */
export function crossings(list: Array<{ metric: AutoscalingMetric; value: number; op: ">" | "<"; threshold: number }>): string {
  return list
    .map((c) => `${NAMES[c.metric]} ${formatMetric(c.metric, c.value)} ${c.op} ${formatMetric(c.metric, c.threshold)}`)
    .join(" and ");
}

export const metricNames = (metrics: AutoscalingMetric[]) => metrics.map((m) => NAMES[m]).join(", ");

export const checks = (count: number) => `for ${count} check${count === 1 ? "" : "s"}`;

/** "+2, 4 → 6" (with the bound when the step was cut short). */
export function change(from: number, to: number, step: number): string {
  const delta = to - from;
  const signed = delta >= 0 ? `+${delta}` : `−${-delta}`;
  const cut = Math.abs(delta) < step ? ` (step ${step}, ${delta > 0 ? "at most" : "at least"} ${to})` : "";
  return `${signed}, ${from} → ${to}${cut}`;
}

export const instances = (n: number) => `${n} instance${n === 1 ? "" : "s"}`;

/** "42 s" / "3 min 5 s". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  const rest = s % 60;
  return `${Math.floor(s / 60)} min${rest ? ` ${rest} s` : ""}`;
}

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
