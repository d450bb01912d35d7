import { listLogIngest } from "@/lib/domain/logs/list-log-ingest";
import { route } from "@/lib/http/route";
import { logEndpoints } from "@/lib/schemas/logs";

export const GET = route(logEndpoints.nodes, ({ ctx, query }) => listLogIngest({ orgId: ctx.orgId, clusterId: query.clusterId }));
