import { createLoadBalancer } from "@/lib/domain/load-balancers/create-load-balancer";
import { listLoadBalancers } from "@/lib/domain/load-balancers/list-load-balancers";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const GET = route(loadBalancerEndpoints.list, ({ ctx, params }) =>
  listLoadBalancers({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
export const POST = route(loadBalancerEndpoints.create, ({ ctx, params, body, log }) =>
  createLoadBalancer({ ctx, clusterId: params.clusterId, input: body, log }),
);
