import { listLogStores } from "@/lib/domain/logs/list-log-stores";
import { route } from "@/lib/http/route";
import { logEndpoints } from "@/lib/schemas/logs";

export const GET = route(logEndpoints.stores, ({ ctx, query }) => listLogStores({ orgId: ctx.orgId, applicationId: query.applicationId }));
