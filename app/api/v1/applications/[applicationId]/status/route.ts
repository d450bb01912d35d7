import { getAppStatus } from "@/lib/domain/applications/app-status";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.status, ({ ctx, params }) =>
  getAppStatus({ orgId: ctx.orgId, applicationId: params.applicationId }),
);
