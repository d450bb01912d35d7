import { getServiceChart } from "@/lib/domain/metrics/chart-service";
import { route } from "@/lib/http/route";
import { metricEndpoints } from "@/lib/schemas/metrics";

export const GET = route(metricEndpoints.service, ({ ctx, params, query }) =>
  getServiceChart({ orgId: ctx.orgId, applicationId: params.applicationId, serviceId: params.serviceId, range: query.range }),
);
