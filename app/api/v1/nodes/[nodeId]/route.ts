import { getNode } from "@/lib/domain/nodes/get-node";
import { removeNode } from "@/lib/domain/nodes/remove-node";
import { updateNode } from "@/lib/domain/nodes/update-node";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.getNode, ({ ctx, params }) =>
  getNode({ orgId: ctx.orgId, nodeId: params.nodeId, includeRemoved: true }),
);
export const PATCH = route(clusterEndpoints.updateNode, ({ ctx, params, body }) => updateNode({ ctx, nodeId: params.nodeId, input: body }));
export const DELETE = route(clusterEndpoints.removeNode, ({ ctx, params }) => removeNode({ ctx, nodeId: params.nodeId }));
