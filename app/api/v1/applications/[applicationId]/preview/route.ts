import { previewVersion } from "@/lib/domain/applications/preview-version";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const POST = route(applicationEndpoints.previewVersion, ({ ctx, params, body }) =>
  previewVersion({ ctx, applicationId: params.applicationId, input: body }),
);
