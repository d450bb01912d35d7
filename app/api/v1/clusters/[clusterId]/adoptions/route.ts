import { adoptServices } from "@/lib/domain/adoption/adopt-services";
import { route } from "@/lib/http/route";
import { adoptionEndpoints } from "@/lib/schemas/adoption";

export const POST = route(adoptionEndpoints.adopt, ({ ctx, params, body }) =>
  adoptServices({ ctx, clusterId: params.clusterId, input: body }),
);
