import { listLoadBalancers } from "@/lib/domain/load-balancers/list-load-balancers";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const GET = route(loadBalancerEndpoints.listAll, ({ ctx }) => listLoadBalancers({ orgId: ctx.orgId }));
