import { testLoadBalancer } from "@/lib/domain/load-balancers/test-load-balancer";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const POST = route(loadBalancerEndpoints.testConnection, ({ ctx, params }) =>
  testLoadBalancer({ ctx, loadBalancerId: params.loadBalancerId }),
);
