import { listEvents } from "@/lib/domain/applications/list-events";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.events, ({ ctx, params, query }) =>
  listEvents({ orgId: ctx.orgId, applicationId: params.applicationId, page: query }),
);
