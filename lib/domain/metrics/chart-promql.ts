/**
 * The PromQL behind every chart, built from typed inputs: metric and label names come from
 * lib/metrics/metric-names.ts, label values are always quoted with promqlString, and every
 * selector starts with the caller's organisation (`org="<orgId>"`). Nothing from a request is
 * concatenated into a query except through these functions.
 *
 * Series are first reduced with `max by (…)`: while an agent moves from one gateway to another,
 * both may expose its latest sample for a scrape or two, and a chart must not count it twice.
 */
import { promqlString } from "@/lib/drivers/prometheus/prometheus-client";
import { LABEL, METRIC, type MetricName } from "@/lib/metrics/metric-names";
import type { ChartPanel, ChartSeries, MetricUnit } from "@/lib/schemas/metrics";

/** What a chart is about: always one organisation, narrowed by the other labels that are given. */
export type ChartScope = { orgId: string; clusterId?: string; nodeId?: string; application?: string; service?: string; task?: string };

const NARROWING = [
  ["clusterId", LABEL.cluster],
  ["nodeId", LABEL.node],
  ["application", LABEL.application],
  ["service", LABEL.service],
  ["task", LABEL.task],
] as const;

/** `metric{org="…",cluster="…",…}`: the organisation matcher always, first. */
export function seriesSelector(metric: MetricName, scope: ChartScope): string {
  if (!scope.orgId) throw new Error("a chart query needs the caller's organisation");
  const matchers = [`${LABEL.org}=${promqlString(scope.orgId)}`];
  for (const [key, label] of NARROWING) {
    const value = scope[key];
    if (value !== undefined) matchers.push(`${label}=${promqlString(value)}`);
  }
  return `${metric}{${matchers.join(",")}}`;
}

const smoothed = (metric: MetricName, scope: ChartScope, windowSeconds: number) =>
  `avg_over_time(${seriesSelector(metric, scope)}[${windowSeconds}s])`;

/** One series per node. */
export const perNode = (metric: MetricName, scope: ChartScope, windowSeconds: number) =>
  `max by (${LABEL.node}) (${smoothed(metric, scope, windowSeconds)})`;

/** One series per task (its hostname kept for the legend). */
export const perTask = (metric: MetricName, scope: ChartScope, windowSeconds: number) =>
  `max by (${LABEL.task}, ${LABEL.hostname}) (${smoothed(metric, scope, windowSeconds)})`;

/** The average over the scope's containers: what an autoscaling rule compares with its thresholds. */
export const averageOverTasks = (metric: MetricName, scope: ChartScope, windowSeconds: number) =>
  `avg(max by (${LABEL.task}) (${smoothed(metric, scope, windowSeconds)}))`;

/** A node's memory used as a percentage of its total. */
export const nodeMemoryPercent = (scope: ChartScope, windowSeconds: number) =>
  `100 * ${perNode(METRIC.nodeMemoryUsedBytes, scope, windowSeconds)} / ${perNode(METRIC.nodeMemoryTotalBytes, scope, windowSeconds)}`;

/** A query for one series of a panel, or (kind "task") one series per task found. */
export type SeriesQuery =
  { kind: Exclude<ChartSeries["kind"], "task">; id: string; label: string; promql: string } | { kind: "task"; promql: string };
export type PanelQuery = { id: ChartPanel["id"]; title: string; unit: MetricUnit; series: SeriesQuery[] };

type LineKind = Exclude<ChartSeries["kind"], "task">;
const line = (kind: LineKind, id: string, label: string, promql: string): SeriesQuery => ({ kind, id, label, promql });

/** Memory in bytes: what is used, against the ceiling it may reach (a node's total, a container's limit). */
const memoryBytes = (kind: LineKind, used: string, ceiling: { id: string; label: string; promql: string }): PanelQuery => ({
  id: "memory",
  title: "Memory",
  unit: "bytes",
  series: [line(kind, "used", "Used", used), line("limit", ceiling.id, ceiling.label, ceiling.promql)],
});

const network = (title: string, kind: LineKind, rx: string, tx: string): PanelQuery => ({
  id: "network",
  title,
  unit: "bytesPerSecond",
  series: [line(kind, "rx", "Received", rx), line(kind, "tx", "Sent", tx)],
});

export function nodeChartQueries(scope: ChartScope & { nodeId: string }, windowSeconds: number): PanelQuery[] {
  const q = (metric: MetricName) => perNode(metric, scope, windowSeconds);
  return [
    { id: "cpu", title: "CPU", unit: "percent", series: [line("node", "cpu", "CPU", q(METRIC.nodeCpuPercent))] },
    memoryBytes("node", q(METRIC.nodeMemoryUsedBytes), { id: "total", label: "Total", promql: q(METRIC.nodeMemoryTotalBytes) }),
    network("Network", "node", q(METRIC.nodeNetworkRxBytesPerSecond), q(METRIC.nodeNetworkTxBytesPerSecond)),
  ];
}

/**
 * A service: CPU and memory as the average over its containers (the autoscaling rule's view,
 * thresholds draw against it) plus each task; network as the average per container (what
 * `max_internetInRate` and its twins compare with).
 */
export function serviceChartQueries(scope: ChartScope & { application: string; service: string }, windowSeconds: number): PanelQuery[] {
  const avg = (metric: MetricName) => averageOverTasks(metric, scope, windowSeconds);
  const averageAndTasks = (metric: MetricName): SeriesQuery[] => [
    line("aggregate", "avg", "Average", avg(metric)),
    { kind: "task", promql: perTask(metric, scope, windowSeconds) },
  ];
  return [
    { id: "cpu", title: "CPU", unit: "percent", series: averageAndTasks(METRIC.containerCpuPercent) },
    { id: "memory", title: "Memory (% of limit)", unit: "percent", series: averageAndTasks(METRIC.containerMemoryPercent) },
    network(
      "Network (per container)",
      "aggregate",
      avg(METRIC.containerNetworkRxBytesPerSecond),
      avg(METRIC.containerNetworkTxBytesPerSecond),
    ),
  ];
}

/** One task's container. */
export function taskChartQueries(scope: ChartScope & { application: string; task: string }, windowSeconds: number): PanelQuery[] {
  const q = (metric: MetricName) => `max by (${LABEL.task}) (${smoothed(metric, scope, windowSeconds)})`;
  return [
    { id: "cpu", title: "CPU", unit: "percent", series: [line("aggregate", "cpu", "CPU", q(METRIC.containerCpuPercent))] },
    memoryBytes("aggregate", q(METRIC.containerMemoryUsedBytes), {
      id: "limit",
      label: "Limit",
      promql: q(METRIC.containerMemoryLimitBytes),
    }),
    network("Network", "aggregate", q(METRIC.containerNetworkRxBytesPerSecond), q(METRIC.containerNetworkTxBytesPerSecond)),
  ];
}

/** Does the scope have any container series within the last `lookbackSeconds`? (a task that has ended) */
export const anyContainerSeries = (scope: ChartScope, lookbackSeconds: number) =>
  `count(last_over_time(${seriesSelector(METRIC.containerCpuPercent, scope)}[${lookbackSeconds}s]))`;

/** The dashboard's view of a cluster: each node's CPU and memory, now and as a sparkline. */
export function utilisationQueries(scope: ChartScope & { clusterId: string }, windowSeconds: number) {
  return {
    cpu: perNode(METRIC.nodeCpuPercent, scope, windowSeconds),
    memoryUsed: perNode(METRIC.nodeMemoryUsedBytes, scope, windowSeconds),
    memoryTotal: perNode(METRIC.nodeMemoryTotalBytes, scope, windowSeconds),
    memoryPercent: nodeMemoryPercent(scope, windowSeconds),
  };
}
