/**
 * Charts of nodes, services and task containers, read from Wharf's Prometheus with queries the
 * server builds (lib/domain/metrics/chart-*.ts): the caller chooses what to chart and over which
 * range, never the query, and every query is restricted to the caller's organisation.
 */
import { z } from "zod";
import { idSchema, isoDateSchema } from "./common";
import { endpoint } from "./endpoint";

export const METRIC_RANGES = ["15m", "1h", "24h", "7d"] as const;
export const metricRangeSchema = z.enum(METRIC_RANGES);
export type MetricRange = z.infer<typeof metricRangeSchema>;

export const METRIC_UNITS = ["percent", "bytes", "bytesPerSecond"] as const;
export type MetricUnit = (typeof METRIC_UNITS)[number];

/** [unix milliseconds, value]; the value is null where Prometheus had no sample at that step (a gap). */
export const chartPointSchema = z.tuple([z.number(), z.number().nullable()]);
export type ChartPoint = z.infer<typeof chartPointSchema>;

export const chartSeriesSchema = z.object({
  /** Stable within its panel: "avg", "used", "limit", "rx", "tx", "task:<taskId>"… */
  id: z.string(),
  label: z.string(),
  /** "aggregate": over several containers (an average); "task": one task's container; "node": the machine; "limit": a ceiling drawn for reference. */
  kind: z.enum(["aggregate", "task", "node", "limit"]),
  taskId: z.string().nullable(),
  points: z.array(chartPointSchema),
});
export type ChartSeries = z.infer<typeof chartSeriesSchema>;

export const CHART_PANELS = ["cpu", "memory", "network"] as const;
export const chartPanelSchema = z.object({
  id: z.enum(CHART_PANELS),
  title: z.string(),
  unit: z.enum(METRIC_UNITS),
  series: z.array(chartSeriesSchema),
  /** Per-task series left out to keep the chart readable (the busiest ones are kept). */
  omitted: z.number().int(),
});
export type ChartPanel = z.infer<typeof chartPanelSchema>;

export const metricChartSchema = z.object({
  range: metricRangeSchema,
  from: isoDateSchema,
  to: isoDateSchema,
  stepSeconds: z.number().int(),
  panels: z.array(chartPanelSchema),
});
export type MetricChart = z.infer<typeof metricChartSchema>;

export const nodeUtilisationSchema = z.object({
  nodeId: idSchema,
  hostname: z.string(),
  status: z.string(),
  /** Averages over the last minute; null when the node sent no metrics in it. */
  cpuPercent: z.number().nullable(),
  memoryUsedBytes: z.number().nullable(),
  memoryTotalBytes: z.number().nullable(),
  /** The last hour, one point a minute: CPU % and memory used % of total. */
  cpu: z.array(chartPointSchema),
  memory: z.array(chartPointSchema),
});
export type NodeUtilisation = z.infer<typeof nodeUtilisationSchema>;

export const clusterUtilisationSchema = z.object({
  clusterId: idSchema,
  at: isoDateSchema,
  /** Averages over the nodes that reported in the last minute (null when none did). */
  cpuPercent: z.number().nullable(),
  memoryPercent: z.number().nullable(),
  nodes: z.array(nodeUtilisationSchema),
});
export type ClusterUtilisation = z.infer<typeof clusterUtilisationSchema>;

const rangeQuery = z.object({ range: metricRangeSchema.default("1h") });
const e = { tags: ["metrics"], auth: "org" as const };
export const metricEndpoints = {
  node: endpoint({
    ...e,
    id: "metrics.node",
    method: "GET",
    path: "/metrics/nodes/{nodeId}",
    permission: "clusters.read",
    summary: "A node's CPU %, memory used and total, and network received/sent per second over a range (15m, 1h, 24h, 7d).",
    params: z.object({ nodeId: idSchema }),
    query: rangeQuery,
    response: metricChartSchema,
  }),
  service: endpoint({
    ...e,
    id: "metrics.service",
    method: "GET",
    path: "/metrics/applications/{applicationId}/services/{serviceId}",
    permission: "apps.read",
    summary:
      "A service's CPU % and memory % of limit (average over its containers and per task) and network per container over a range: what its autoscaling rule compares with its thresholds.",
    params: z.object({ applicationId: idSchema, serviceId: idSchema }),
    query: rangeQuery,
    response: metricChartSchema,
  }),
  task: endpoint({
    ...e,
    id: "metrics.task",
    method: "GET",
    path: "/metrics/applications/{applicationId}/tasks/{taskId}",
    permission: "apps.read",
    summary: "One task's container: CPU %, memory used and limit, network received/sent per second over a range.",
    params: z.object({ applicationId: idSchema, taskId: idSchema }),
    query: rangeQuery,
    response: metricChartSchema,
  }),
  clusterUtilisation: endpoint({
    ...e,
    id: "metrics.clusterUtilisation",
    method: "GET",
    path: "/metrics/clusters/{clusterId}/utilisation",
    permission: "clusters.read",
    summary: "Each node's CPU and memory now (last minute) and over the last hour, for the dashboard.",
    params: z.object({ clusterId: idSchema }),
    response: clusterUtilisationSchema,
  }),
};
