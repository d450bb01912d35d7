import { scaleService } from "@/lib/domain/applications/scale-service";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const POST = route(applicationEndpoints.scale, ({ ctx, params, body }) =>
  scaleService({ ctx, applicationId: params.applicationId, serviceId: params.serviceId, replicas: body.replicas }),
);
