import { listRepositoryEvents } from "@/lib/domain/registry/repositories/list-repository-events";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listEvents, ({ ctx, params, query }) =>
  listRepositoryEvents({ orgId: ctx.orgId, repositoryId: params.repositoryId, page: query }),
);
