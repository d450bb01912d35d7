import { listAutoscalingRules } from "@/lib/domain/autoscaling/rule-view";
import { route } from "@/lib/http/route";
import { autoscalingEndpoints } from "@/lib/schemas/autoscaling";

export const GET = route(autoscalingEndpoints.list, ({ ctx, query }) =>
  listAutoscalingRules({ orgId: ctx.orgId, applicationId: query.applicationId }),
);
