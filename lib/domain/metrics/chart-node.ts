import { createPrometheusClient, type PrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { MetricChart, MetricRange } from "@/lib/schemas/metrics";
import { nodeChartQueries } from "./chart-promql";
import { runChart } from "./chart-series";
import { chartWindow } from "./chart-window";

export type ChartSources = { db?: DbClient; prometheus?: PrometheusClient; now?: Date };

/** A node's CPU, memory and network (removed nodes too: their history stays readable). */
export async function getNodeChart({
  orgId,
  nodeId,
  range,
  db = prisma,
  prometheus = createPrometheusClient(),
  now,
}: { orgId: string; nodeId: string; range: MetricRange } & ChartSources): Promise<MetricChart> {
  const node = await db.node.findFirst({ where: { id: nodeId, orgId }, select: { clusterId: true } });
  if (!node) throw notFound("Node");
  const window = chartWindow(range, now);
  return runChart(prometheus, nodeChartQueries({ orgId, clusterId: node.clusterId, nodeId }, window.smoothingSeconds), window);
}
