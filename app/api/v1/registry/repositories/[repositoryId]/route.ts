import { getRepository } from "@/lib/domain/registry/repositories/list-repositories";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.getRepository, ({ ctx, params }) =>
  getRepository({ orgId: ctx.orgId, repositoryId: params.repositoryId }),
);
