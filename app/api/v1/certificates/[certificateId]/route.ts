import { deleteCertificate } from "@/lib/domain/load-balancers/delete-certificate";
import { route } from "@/lib/http/route";
import { loadBalancerEndpoints } from "@/lib/schemas/load-balancers";

export const DELETE = route(loadBalancerEndpoints.deleteCertificate, ({ ctx, params, log }) =>
  deleteCertificate({ ctx, certificateId: params.certificateId, log }),
);
