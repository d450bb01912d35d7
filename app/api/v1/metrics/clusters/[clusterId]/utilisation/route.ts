import { getClusterUtilisation } from "@/lib/domain/metrics/chart-cluster-utilisation";
import { route } from "@/lib/http/route";
import { metricEndpoints } from "@/lib/schemas/metrics";

export const GET = route(metricEndpoints.clusterUtilisation, ({ ctx, params }) =>
  getClusterUtilisation({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
