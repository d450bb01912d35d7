import { listCertificates } from "@/lib/domain/load-balancers/list-certificates";
import { uploadCertificate } from "@/lib/domain/load-balancers/upload-certificate";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const GET = route(loadBalancerEndpoints.listCertificates, ({ ctx, params }) =>
  listCertificates({ orgId: ctx.orgId, clusterId: params.clusterId }),
);
export const POST = route(loadBalancerEndpoints.uploadCertificate, ({ ctx, params, body, log }) =>
  uploadCertificate({ ctx, clusterId: params.clusterId, input: body, log }),
);
