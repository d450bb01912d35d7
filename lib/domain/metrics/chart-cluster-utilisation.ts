import { createPrometheusClient, type InstantSample } from "@/lib/drivers/prometheus/prometheus-client";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { LABEL } from "@/lib/metrics/metric-names";
import type { ClusterUtilisation } from "@/lib/schemas/metrics";
import type { ChartSources } from "./chart-node";
import { askPrometheus } from "./chart-prometheus";
import { utilisationQueries } from "./chart-promql";
import { onGrid } from "./chart-series";
import { chartInstants } from "./chart-window";

/** "Now" is the last minute's average; the sparkline is the last hour, a point a minute. */
const NOW_SECONDS = 60;
const HISTORY_SECONDS = 3600;

const byNode = (samples: InstantSample[]) =>
  new Map(samples.filter((s) => Number.isFinite(s.value)).map((s) => [s.labels[LABEL.node] ?? "", s.value]));
const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Every node of the cluster with its CPU and memory now and over the last hour (the dashboard's at-a-glance view). */
export async function getClusterUtilisation({
  orgId,
  clusterId,
  db = prisma,
  prometheus = createPrometheusClient(),
  now = new Date(),
}: { orgId: string; clusterId: string } & ChartSources): Promise<ClusterUtilisation> {
  const cluster = await db.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
  const nodes = await db.node.findMany({
    where: { clusterId, orgId, removedAt: null },
    select: { id: true, hostname: true, status: true },
    orderBy: [{ hostname: "asc" }, { id: "asc" }],
  });
  const q = utilisationQueries({ orgId, clusterId }, NOW_SECONDS);
  const end = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const history = { start: new Date(end.getTime() - HISTORY_SECONDS * 1000), end, stepSeconds: NOW_SECONDS };
  const [cpu, used, total, cpuHistory, memoryHistory] = await askPrometheus(() =>
    Promise.all([
      prometheus.query(q.cpu, { at: end }),
      prometheus.query(q.memoryUsed, { at: end }),
      prometheus.query(q.memoryTotal, { at: end }),
      prometheus.queryRange(q.cpu, history),
      prometheus.queryRange(q.memoryPercent, history),
    ]),
  );
  const [cpuNow, usedNow, totalNow] = [byNode(cpu), byNode(used), byNode(total)];
  const instants = chartInstants(history);
  const line = (series: typeof cpuHistory, nodeId: string) =>
    onGrid(series.find((s) => s.labels[LABEL.node] === nodeId)?.points ?? [], instants);
  const views = nodes.map((n) => ({
    nodeId: n.id,
    hostname: n.hostname,
    status: n.status,
    cpuPercent: cpuNow.get(n.id) ?? null,
    memoryUsedBytes: usedNow.get(n.id) ?? null,
    memoryTotalBytes: totalNow.get(n.id) ?? null,
    cpu: line(cpuHistory, n.id),
    memory: line(memoryHistory, n.id),
  }));
  const withMemory = views.filter((v) => v.memoryUsedBytes !== null && v.memoryTotalBytes !== null && v.memoryTotalBytes > 0);
  const memoryTotal = withMemory.reduce((sum, v) => sum + (v.memoryTotalBytes ?? 0), 0);
  return {
    clusterId,
    at: end.toISOString(),
    cpuPercent: average(views.flatMap((v) => (v.cpuPercent === null ? [] : [v.cpuPercent]))),
    memoryPercent: memoryTotal > 0 ? (100 * withMemory.reduce((sum, v) => sum + (v.memoryUsedBytes ?? 0), 0)) / memoryTotal : null,
    nodes: views,
  };
}
