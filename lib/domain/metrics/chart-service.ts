import { createPrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { MetricChart, MetricRange } from "@/lib/schemas/metrics";
import type { ChartSources } from "./chart-node";
import { serviceChartQueries } from "./chart-promql";
import { runChart } from "./chart-series";
import { chartWindow } from "./chart-window";

/**
 * A service of an application: both colours during a release (their containers carry the same
 * compose service name), average and per task.
 */
export async function getServiceChart({
  orgId,
  applicationId,
  serviceId,
  range,
  db = prisma,
  prometheus = createPrometheusClient(),
  now,
}: { orgId: string; applicationId: string; serviceId: string; range: MetricRange } & ChartSources): Promise<MetricChart> {
  const service = await db.appService.findFirst({
    where: { id: serviceId, applicationId, orgId, application: { orgId, deletedAt: null } },
    select: { name: true, application: { select: { name: true, clusterId: true } } },
  });
  if (!service) throw notFound("Service");
  const window = chartWindow(range, now);
  const scope = { orgId, clusterId: service.application.clusterId, application: service.application.name, service: service.name };
  return runChart(prometheus, serviceChartQueries(scope, window.smoothingSeconds), window);
}
