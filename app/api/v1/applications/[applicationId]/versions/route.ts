import { uploadVersion } from "@/lib/domain/releases/create-release";
import { listVersions } from "@/lib/domain/applications/list-versions";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.versions, ({ ctx, params }) =>
  listVersions({ orgId: ctx.orgId, applicationId: params.applicationId }),
);
export const POST = route(applicationEndpoints.createVersion, ({ ctx, params, body }) =>
  uploadVersion({ ctx, applicationId: params.applicationId, input: body }),
);
