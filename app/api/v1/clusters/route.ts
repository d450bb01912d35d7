import { createCluster } from "@/lib/domain/clusters/create-cluster";
import { listClusters } from "@/lib/domain/clusters/list-clusters";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.list, ({ ctx, query }) => listClusters({ orgId: ctx.orgId, page: query }));
export const POST = route(clusterEndpoints.create, ({ ctx, body }) =>
  createCluster({ orgId: ctx.orgId, actor: ctx.actor, name: body.name, description: body.description }),
);
