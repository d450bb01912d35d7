import { allowNodeRejoin } from "@/lib/domain/nodes/allow-node-rejoin";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const POST = route(clusterEndpoints.allowNodeRejoin, ({ ctx, params }) => allowNodeRejoin({ ctx, nodeId: params.nodeId }));
