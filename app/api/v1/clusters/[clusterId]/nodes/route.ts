import { listNodes } from "@/lib/domain/nodes/list-nodes";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.listNodes, ({ ctx, params }) => listNodes({ orgId: ctx.orgId, clusterId: params.clusterId }));
