import { createJoinToken } from "@/lib/domain/clusters/create-join-token";
import { listJoinTokens } from "@/lib/domain/clusters/join-tokens";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const GET = route(clusterEndpoints.listJoinTokens, ({ ctx, params }) =>
  listJoinTokens({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
export const POST = route(clusterEndpoints.createJoinToken, ({ ctx, params, body }) =>
  createJoinToken({
    orgId: ctx.orgId,
    clusterId: params.clusterId,
    role: body.role,
    expiresInHours: body.expiresInHours,
    maxUses: body.maxUses,
    actor: ctx.actor,
    createdById: ctx.userId,
  }),
);
