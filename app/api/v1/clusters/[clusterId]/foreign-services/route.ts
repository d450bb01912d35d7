import { listForeignServices } from "@/lib/domain/adoption/list-foreign-services";
import { route } from "@/lib/http/route";
import { adoptionEndpoints } from "@/lib/schemas/adoption";

export const GET = route(adoptionEndpoints.listForeign, ({ ctx, params }) =>
  listForeignServices({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
