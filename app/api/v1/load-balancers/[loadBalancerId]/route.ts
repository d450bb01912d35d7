import { deleteLoadBalancer } from "@/lib/domain/load-balancers/delete-load-balancer";
import { getLoadBalancer } from "@/lib/domain/load-balancers/get-load-balancer";
import { updateLoadBalancer } from "@/lib/domain/load-balancers/update-load-balancer";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const GET = route(loadBalancerEndpoints.get, ({ ctx, params }) =>
  getLoadBalancer({ orgId: ctx.orgId, loadBalancerId: params.loadBalancerId }),
);
export const PATCH = route(loadBalancerEndpoints.update, ({ ctx, params, body, log }) =>
  updateLoadBalancer({ ctx, loadBalancerId: params.loadBalancerId, input: body, log }),
);
export const DELETE = route(loadBalancerEndpoints.delete, ({ ctx, params, log }) =>
  deleteLoadBalancer({ ctx, loadBalancerId: params.loadBalancerId, log }),
);
