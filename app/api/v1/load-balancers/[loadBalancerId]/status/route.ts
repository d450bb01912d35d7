import { getLoadBalancerStatus } from "@/lib/domain/load-balancers/get-load-balancer-status";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const GET = route(loadBalancerEndpoints.status, ({ ctx, params }) =>
  getLoadBalancerStatus({ orgId: ctx.orgId, loadBalancerId: params.loadBalancerId }),
);
