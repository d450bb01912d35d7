import { listAutoscalingDecisions } from "@/lib/domain/autoscaling/list-autoscaling-decisions";
import { route } from "@/lib/http/route";
import { autoscalingEndpoints } from "@/lib/schemas/autoscaling";

export const GET = route(autoscalingEndpoints.decisions, ({ ctx, query }) =>
  listAutoscalingDecisions({ orgId: ctx.orgId, ruleId: query.ruleId, applicationId: query.applicationId, since: query.since, page: query }),
);
