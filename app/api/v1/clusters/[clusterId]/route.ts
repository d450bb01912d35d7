import { deleteCluster } from "@/lib/domain/clusters/delete-cluster";
import { getCluster } from "@/lib/domain/clusters/list-clusters";
import { updateCluster } from "@/lib/domain/clusters/update-cluster";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.get, ({ ctx, params }) => getCluster({ orgId: ctx.orgId, clusterId: params.clusterId }));
export const PATCH = route(clusterEndpoints.update, ({ ctx, params, body }) =>
  updateCluster({ ctx, clusterId: params.clusterId, input: body }),
);
export const DELETE = route(clusterEndpoints.delete, ({ ctx, params }) => deleteCluster({ ctx, clusterId: params.clusterId }));
