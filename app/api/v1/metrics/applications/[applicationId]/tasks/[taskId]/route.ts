import { getTaskChart } from "@/lib/domain/metrics/chart-task";
import { route } from "@/lib/http/route";
import { metricEndpoints } from "@/lib/schemas/metrics";

export const GET = route(metricEndpoints.task, ({ ctx, params, query }) =>
  getTaskChart({ orgId: ctx.orgId, applicationId: params.applicationId, taskId: params.taskId, range: query.range }),
);
