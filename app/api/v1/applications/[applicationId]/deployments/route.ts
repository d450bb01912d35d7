import { listDeployments } from "@/lib/domain/applications/list-deployments";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.deployments, ({ ctx, params, query }) =>
  listDeployments({ orgId: ctx.orgId, applicationId: params.applicationId, page: query }),
);
