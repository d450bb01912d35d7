import { listServiceRuns } from "@/lib/domain/service-jobs/list-service-runs";
import { requestServiceRun } from "@/lib/domain/service-jobs/request-service-run";
import { route } from "@/lib/http/route";
import { serviceJobEndpoints } from "@/lib/schemas/service-jobs";

export const GET = route(serviceJobEndpoints.runs, ({ ctx, params, query }) =>
  listServiceRuns({ orgId: ctx.orgId, applicationId: params.applicationId, serviceId: params.serviceId, page: query }),
);

export const POST = route(serviceJobEndpoints.runNow, ({ ctx, params }) =>
  requestServiceRun({ ctx, applicationId: params.applicationId, serviceId: params.serviceId }),
);
