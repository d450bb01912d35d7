import { revokeNodeCredential } from "@/lib/domain/nodes/revoke-node-credential";
import { route } from "@/lib/http/route";
import { clusterEndpoints } from "@/lib/schemas/clusters";

export const POST = route(clusterEndpoints.revokeNodeCredential, ({ ctx, params }) => revokeNodeCredential({ ctx, nodeId: params.nodeId }));
