import { listAlerts } from "@/lib/domain/alerts/list-alerts";
import { route } from "@/lib/http/route";
import { alertEndpoints } from "@/lib/schemas/alerts";

export const GET = route(alertEndpoints.listAlerts, ({ ctx, query }) =>
  listAlerts({ orgId: ctx.orgId, state: query.state, ruleId: query.ruleId, since: query.since, page: query }),
);
