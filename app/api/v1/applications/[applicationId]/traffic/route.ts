import { getApplicationTraffic } from "@/lib/domain/load-balancers/get-application-traffic";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const GET = route(loadBalancerEndpoints.applicationTraffic, ({ ctx, params }) =>
  getApplicationTraffic({ orgId: ctx.orgId, applicationId: params.applicationId }),
);
