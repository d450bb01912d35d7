import { rollbackApplication } from "@/lib/domain/applications/rollback-application";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const POST = route(applicationEndpoints.rollback, ({ ctx, params, body }) =>
  rollbackApplication({ ctx, applicationId: params.applicationId, versionId: body.versionId }),
);
