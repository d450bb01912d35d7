import { updateWorkloadPolicy } from "@/lib/domain/clusters/update-workload-policy";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const PUT = route(clusterEndpoints.updateWorkloadPolicy, ({ ctx, params, body }) =>
  updateWorkloadPolicy({ ctx, clusterId: params.clusterId, policy: body }),
);
