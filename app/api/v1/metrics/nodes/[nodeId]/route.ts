import { getNodeChart } from "@/lib/domain/metrics/chart-node";
import { route } from "@/lib/http/route";
import { metricEndpoints } from "@/lib/schemas/metrics";

export const GET = route(metricEndpoints.node, ({ ctx, params, query }) =>
  getNodeChart({ orgId: ctx.orgId, nodeId: params.nodeId, range: query.range }),
);
