import { createAlertRule } from "@/lib/domain/alerts/create-alert-rule";
import { listAlertRules } from "@/lib/domain/alerts/rule-view";
import { route } from "@/lib/http/route";
import { alertEndpoints } from "@/lib/schemas/alerts";

export const GET = route(alertEndpoints.listRules, ({ ctx }) => listAlertRules({ orgId: ctx.orgId }));
export const POST = route(alertEndpoints.createRule, ({ ctx, body }) => createAlertRule({ ctx, input: body }));
