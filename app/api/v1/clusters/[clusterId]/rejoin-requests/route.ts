import { listRejoinRequests } from "@/lib/domain/nodes/list-rejoin-requests";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.listRejoinRequests, ({ ctx, params }) =>
  listRejoinRequests({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
