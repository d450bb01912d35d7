import { diffVersions } from "@/lib/domain/applications/diff-versions";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.diff, ({ ctx, params, query }) =>
  diffVersions({ orgId: ctx.orgId, applicationId: params.applicationId, from: query.from, to: query.to }),
);
