/**
 * Runs a chart's queries against Prometheus and turns the answers into the API's panels: every
 * series on the same grid of instants (null where there was no sample, so a gap shows as a gap),
 * per-task series capped to the busiest few.
 */
import type { PrometheusClient, RangeSeries } from "@/lib/drivers/prometheus/prometheus-client";
import { LABEL } from "@/lib/metrics/metric-names";
import type { ChartPanel, ChartPoint, ChartSeries, MetricChart } from "@/lib/schemas/metrics";
import { askPrometheus } from "./chart-prometheus";
import type { PanelQuery, SeriesQuery } from "./chart-promql";
import { chartInstants, type ChartWindow } from "./chart-window";

/** More lines than this stop being readable; the chart says how many it left out. */
export const MAX_TASK_SERIES = 10;

/** Prometheus points on the chart's grid: NaN and ±Inf (a division by a zero limit) become gaps. */
export function onGrid(points: ReadonlyArray<[number, number]>, instants: readonly number[]): ChartPoint[] {
  const byTime = new Map(points.map(([t, v]) => [Math.round(t * 1000), Number.isFinite(v) ? v : null]));
  return instants.map((t) => [t, byTime.get(t) ?? null]);
}

const mean = (points: ChartPoint[]) => {
  const values = points.flatMap(([, v]) => (v === null ? [] : [v]));
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : -1;
};

function taskSeries(found: RangeSeries[], instants: number[]): { series: ChartSeries[]; omitted: number } {
  const all = found.map((s): ChartSeries => {
    const task = s.labels[LABEL.task] ?? "";
    const host = s.labels[LABEL.hostname];
    return {
      id: `task:${task}`,
      label: `${task.slice(0, 10)}${host ? ` on ${host}` : ""}`,
      kind: "task",
      taskId: task,
      points: onGrid(s.points, instants),
    };
  });
  const kept = all
    .map((s) => ({ s, m: mean(s.points) }))
    .sort((a, b) => b.m - a.m || a.s.id.localeCompare(b.s.id))
    .slice(0, MAX_TASK_SERIES)
    .map(({ s }) => s)
    .sort((a, b) => a.label.localeCompare(b.label));
  return { series: kept, omitted: all.length - kept.length };
}

async function runSeries(prometheus: PrometheusClient, query: SeriesQuery, window: ChartWindow, instants: number[]) {
  const found = await prometheus.queryRange(query.promql, { start: window.start, end: window.end, stepSeconds: window.stepSeconds });
  if (query.kind === "task") return taskSeries(found, instants);
  // Aggregated queries answer one series or none (no data yet): an all-gap line keeps the legend stable.
  const series: ChartSeries = {
    id: query.id,
    label: query.label,
    kind: query.kind,
    taskId: null,
    points: onGrid(found[0]?.points ?? [], instants),
  };
  return { series: [series], omitted: 0 };
}

export async function runChart(prometheus: PrometheusClient, panels: PanelQuery[], window: ChartWindow): Promise<MetricChart> {
  const instants = chartInstants(window);
  const answered = await askPrometheus(() =>
    Promise.all(
      panels.map(async (panel): Promise<ChartPanel> => {
        const parts = await Promise.all(panel.series.map((q) => runSeries(prometheus, q, window, instants)));
        return {
          id: panel.id,
          title: panel.title,
          unit: panel.unit,
          series: parts.flatMap((p) => p.series),
          omitted: parts.reduce((n, p) => n + p.omitted, 0),
        };
      }),
    ),
  );
  return {
    range: window.range,
    from: window.start.toISOString(),
    to: window.end.toISOString(),
    stepSeconds: window.stepSeconds,
    panels: answered,
  };
}
