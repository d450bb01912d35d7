import { planAdoption } from "@/lib/domain/adoption/plan-adoption";
import { route } from "@/lib/http/route";
import { adoptionEndpoints } from "@/lib/schemas/adoption";

export const POST = route(adoptionEndpoints.preview, ({ ctx, params, body }) =>
  planAdoption({ ctx, clusterId: params.clusterId, input: body }),
);
