import { requestAction } from "@/lib/domain/applications/request-action";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const POST = route(applicationEndpoints.action, ({ ctx, params, body }) =>
  requestAction({ ctx, applicationId: params.applicationId, action: body.action }),
);
