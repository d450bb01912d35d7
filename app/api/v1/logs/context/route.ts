import { getLogContext } from "@/lib/domain/logs/get-log-context";
import { route } from "@/lib/http/route";
import { logEndpoints } from "@/lib/schemas/logs";

export const GET = route(logEndpoints.context, ({ ctx, query }) => getLogContext({ orgId: ctx.orgId, ...query }));
