import { revokeJoinToken } from "@/lib/domain/clusters/join-tokens";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const DELETE = route(clusterEndpoints.revokeJoinToken, ({ ctx, params }) =>
  revokeJoinToken({ ctx, clusterId: params.clusterId, joinTokenId: params.joinTokenId }),
);
