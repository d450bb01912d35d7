import { getAutoscalingRule } from "@/lib/domain/autoscaling/rule-view";
import { updateAutoscalingRule } from "@/lib/domain/autoscaling/update-autoscaling-rule";
import { route } from "@/lib/http/route";
import { autoscalingEndpoints } from "@/lib/schemas/autoscaling";

export const GET = route(autoscalingEndpoints.get, ({ ctx, params }) => getAutoscalingRule({ orgId: ctx.orgId, ruleId: params.ruleId }));

export const PATCH = route(autoscalingEndpoints.update, ({ ctx, params, body }) =>
  updateAutoscalingRule({ ctx, ruleId: params.ruleId, changes: body }),
);
