import { getServiceRun } from "@/lib/domain/service-jobs/list-service-runs";
import { route } from "@/lib/http/route";
import { serviceJobEndpoints } from "@/lib/schemas/service-jobs";

export const GET = route(serviceJobEndpoints.run, ({ ctx, params }) =>
  getServiceRun({ orgId: ctx.orgId, applicationId: params.applicationId, serviceId: params.serviceId, runId: params.runId }),
);
