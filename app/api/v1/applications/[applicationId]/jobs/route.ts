import { listJobServices } from "@/lib/domain/service-jobs/list-job-services";
import { route } from "@/lib/http/route";
import { serviceJobEndpoints } from "@/lib/schemas/service-jobs";

export const GET = route(serviceJobEndpoints.list, ({ ctx, params }) =>
  listJobServices({ orgId: ctx.orgId, applicationId: params.applicationId }),
);
