import { searchLogs } from "@/lib/domain/logs/search-logs";
import { route } from "@/lib/http/route";
import { logEndpoints } from "@/lib/schemas/logs";

export const GET = route(logEndpoints.search, ({ ctx, query }) => searchLogs({ orgId: ctx.orgId, ...query }));
