import { updateServiceSettings } from "@/lib/domain/applications/update-service-settings";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const PATCH = route(applicationEndpoints.updateService, ({ ctx, params, body }) =>
  updateServiceSettings({ ctx, applicationId: params.applicationId, serviceId: params.serviceId, latestImage: body.latestImage }),
);
