/**
 * An autoscaling rule's settings in one shape, whatever they came from: the labels (lib/compose),
 * a row (PostgreSQL columns maxCpu, minInRate…) or the API (thresholds.cpu.max…). The evaluator
 * and the decision function only see this shape.
 */
import { createHash } from "node:crypto";
import type { AutoScaling } from "@/lib/compose/extensions";
import { METRIC, type MetricName } from "@/lib/metrics/metric-names";
import { AUTOSCALING_METRICS, type AutoscalingMetric } from "@/lib/schemas/autoscaling";

export type Threshold = { max: number | null; min: number | null };

type ThresholdColumn = "maxCpu" | "minCpu" | "maxMemory" | "minMemory" | "maxInRate" | "minInRate" | "maxOutRate" | "minOutRate";

/** Bounds and timing: the same fields, under the same names, in the labels, a row and the settings. */
type Knobs = Pick<
  AutoScaling,
  "step" | "minInstances" | "maxInstances" | "windowSeconds" | "cooldownSeconds" | "scaleInCooldownSeconds" | "breaches"
>;

const knobsOf = ({ step, minInstances, maxInstances, windowSeconds, cooldownSeconds, scaleInCooldownSeconds, breaches }: Knobs): Knobs => ({
  step,
  minInstances,
  maxInstances,
  windowSeconds,
  cooldownSeconds,
  scaleInCooldownSeconds,
  breaches,
});

export type RuleSettings = Knobs & {
  thresholds: Record<AutoscalingMetric, Threshold>;
};

/** Per metric: its columns, its label name, the series it is read from and how people read it. */
export const METRIC_FACTS: Record<
  AutoscalingMetric,
  {
    columns: { max: ThresholdColumn; min: ThresholdColumn };
    label: "cpu" | "memory" | "internetInRate" | "internetOutRate";
    series: MetricName;
    title: string;
    unit: "percent" | "bytesPerSecond";
  }
> = {
  cpu: { columns: { max: "maxCpu", min: "minCpu" }, label: "cpu", series: METRIC.containerCpuPercent, title: "CPU", unit: "percent" },
  memory: {
    columns: { max: "maxMemory", min: "minMemory" },
    label: "memory",
    series: METRIC.containerMemoryPercent,
    title: "Memory",
    unit: "percent",
  },
  inRate: {
    columns: { max: "maxInRate", min: "minInRate" },
    label: "internetInRate",
    series: METRIC.containerNetworkRxBytesPerSecond,
    title: "Inbound traffic",
    unit: "bytesPerSecond",
  },
  outRate: {
    columns: { max: "maxOutRate", min: "minOutRate" },
    label: "internetOutRate",
    series: METRIC.containerNetworkTxBytesPerSecond,
    title: "Outbound traffic",
    unit: "bytesPerSecond",
  },
};

/** The metrics a rule has a threshold on. */
export const watchedMetrics = (settings: Pick<RuleSettings, "thresholds">): AutoscalingMetric[] =>
  AUTOSCALING_METRICS.filter((m) => settings.thresholds[m].max !== null || settings.thresholds[m].min !== null);

/** A Prisma select of exactly those columns (spread into a query that reads a rule's settings). */
export const RULE_SETTINGS_SELECT = {
  maxCpu: true,
  minCpu: true,
  maxMemory: true,
  minMemory: true,
  maxInRate: true,
  minInRate: true,
  maxOutRate: true,
  minOutRate: true,
  step: true,
  minInstances: true,
  maxInstances: true,
  windowSeconds: true,
  cooldownSeconds: true,
  scaleInCooldownSeconds: true,
  breaches: true,
} as const satisfies Record<keyof RuleColumns, true>;

/** The columns of a rule row this module reads and writes. */
export type RuleColumns = Record<ThresholdColumn, number | null> & Knobs;

export function settingsFromRow(row: RuleColumns): RuleSettings {
  const thresholds = Object.fromEntries(
    AUTOSCALING_METRICS.map((m) => [m, { max: row[METRIC_FACTS[m].columns.max], min: row[METRIC_FACTS[m].columns.min] }]),
  ) as Record<AutoscalingMetric, Threshold>;
  return { thresholds, ...knobsOf(row) };
}

export function columnsFromSettings(settings: RuleSettings): RuleColumns {
  const columns = Object.fromEntries(
    AUTOSCALING_METRICS.flatMap((m) => [
      [METRIC_FACTS[m].columns.max, settings.thresholds[m].max],
      [METRIC_FACTS[m].columns.min, settings.thresholds[m].min],
    ]),
  ) as Record<ThresholdColumn, number | null>;
  return { ...columns, ...knobsOf(settings) };
}

export function settingsFromLabels(rule: AutoScaling): RuleSettings {
  const thresholds = Object.fromEntries(
    AUTOSCALING_METRICS.map((m) => [m, { max: rule[METRIC_FACTS[m].label]?.max ?? null, min: rule[METRIC_FACTS[m].label]?.min ?? null }]),
  ) as Record<AutoscalingMetric, Threshold>;
  return { thresholds, ...knobsOf(rule) };
}

/** Identifies a label-derived rule: a deploy whose labels hash the same keeps the console's edits. */
export function settingsHash(settings: RuleSettings): string {
  const columns = columnsFromSettings(settings);
  const canonical = JSON.stringify(
    Object.keys(columns)
      .sort()
      .map((k) => [k, columns[k as keyof RuleColumns]]),
  );
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}
