import { listReleases } from "@/lib/domain/releases/release-view";
import { route } from "@/lib/http/route";
import { releaseEndpoints } from "@/lib/schemas/releases";

export const GET = route(releaseEndpoints.list, ({ ctx, query }) =>
  listReleases({ orgId: ctx.orgId, applicationId: query.applicationId, page: query }),
);
