import { listNodeCommands } from "@/lib/domain/nodes/list-node-commands";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.listNodeCommands, ({ ctx, params, query }) =>
  listNodeCommands({ orgId: ctx.orgId, nodeId: params.nodeId, page: query }),
);
