import { getVersion } from "@/lib/domain/applications/get-version";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.version, ({ ctx, params }) =>
  getVersion({ orgId: ctx.orgId, applicationId: params.applicationId, versionId: params.versionId }),
);
