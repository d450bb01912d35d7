import { deleteAlertRule } from "@/lib/domain/alerts/delete-alert-rule";
import { getAlertRule } from "@/lib/domain/alerts/rule-view";
import { updateAlertRule } from "@/lib/domain/alerts/update-alert-rule";
import { route } from "@/lib/http/route";
import { alertEndpoints } from "@/lib/schemas/alerts";

export const GET = route(alertEndpoints.getRule, ({ ctx, params }) => getAlertRule({ orgId: ctx.orgId, ruleId: params.ruleId }));
export const PATCH = route(alertEndpoints.updateRule, ({ ctx, params, body }) =>
  updateAlertRule({ ctx, ruleId: params.ruleId, changes: body }),
);
export const DELETE = route(alertEndpoints.deleteRule, ({ ctx, params }) => deleteAlertRule({ ctx, ruleId: params.ruleId }));
