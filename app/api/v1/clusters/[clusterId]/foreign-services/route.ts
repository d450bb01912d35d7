import { listForeignServices } from "@/lib/domain/adoption/plan-adoption";
import { route } from "@/lib/http/route";
import { adoptionEndpoints } from "@/lib/schemas/adoption";

export const GET = route(adoptionEndpoints.listForeign, ({ ctx, params }) =>
  listForeignServices({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
