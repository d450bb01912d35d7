import { rotateJoinToken } from "@/lib/domain/clusters/join-tokens";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const POST = route(clusterEndpoints.rotateJoinToken, ({ ctx, params }) =>
  rotateJoinToken({ ctx, clusterId: params.clusterId, joinTokenId: params.joinTokenId }),
);
