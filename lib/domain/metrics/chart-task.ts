import { createPrometheusClient, type PrometheusClient } from "@/lib/drivers/prometheus/prometheus-client";
import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { storedTasks } from "@/lib/protocol/task-report";
import type { MetricChart, MetricRange } from "@/lib/schemas/metrics";
import { baseName } from "../applications/service-colour";
import type { ChartSources } from "./chart-node";
import { askPrometheus } from "./chart-prometheus";
import { anyContainerSeries, taskChartQueries, type ChartScope } from "./chart-promql";
import { runChart } from "./chart-series";
import { chartWindow } from "./chart-window";

/** The longest range a chart shows: a task that ended before it has nothing left to chart. */
const TASK_HISTORY_SECONDS = 7 * 86_400;

type AppScope = { id: string; name: string; clusterId: string; swarmNames: string[] };

/** Does a node of the organisation report this task running for one of the application's services now? */
async function reportedNow(db: DbClient, orgId: string, app: AppScope, taskId: string): Promise<boolean> {
  const rows = await db.nodeTasks.findMany({
    where: { orgId, clusterId: app.clusterId, tasks: { array_contains: [{ taskId }] } },
    select: { tasks: true },
  });
  return rows.some((r) => storedTasks(r.tasks).some((t) => t.taskId === taskId && app.swarmNames.includes(baseName(t.service))));
}

/** A task that has ended is no longer reported; it is the application's if its containers' series say so. */
async function seenInPrometheus(prometheus: PrometheusClient, scope: ChartScope): Promise<boolean> {
  const found = await askPrometheus(() => prometheus.query(anyContainerSeries(scope, TASK_HISTORY_SECONDS)));
  return found.some((s) => s.value > 0);
}

/** One task's container: the task must belong to the application (running now, or seen in its metrics). */
export async function getTaskChart({
  orgId,
  applicationId,
  taskId,
  range,
  db = prisma,
  prometheus = createPrometheusClient(),
  now,
}: { orgId: string; applicationId: string; taskId: string; range: MetricRange } & ChartSources): Promise<MetricChart> {
  const row = await db.application.findFirst({
    where: { id: applicationId, orgId, deletedAt: null },
    select: { id: true, name: true, clusterId: true, services: { select: { swarmName: true } } },
  });
  if (!row) throw notFound("Application");
  const app: AppScope = { ...row, swarmNames: row.services.map((s) => baseName(s.swarmName)) };
  const scope = { orgId, clusterId: app.clusterId, application: app.name, task: taskId };
  if (!(await reportedNow(db, orgId, app, taskId)) && !(await seenInPrometheus(prometheus, scope))) throw notFound("Task");
  const window = chartWindow(range, now);
  return runChart(prometheus, taskChartQueries(scope, window.smoothingSeconds), window);
}
