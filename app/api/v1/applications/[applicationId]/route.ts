import { getApplication } from "@/lib/domain/applications/get-application";
import { deleteApplication } from "@/lib/domain/applications/delete-application";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.get, ({ ctx, params }) =>
  getApplication({ orgId: ctx.orgId, applicationId: params.applicationId }),
);
export const DELETE = route(applicationEndpoints.delete, ({ ctx, params }) =>
  deleteApplication({ ctx, applicationId: params.applicationId }),
);
