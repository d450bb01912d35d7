import { listRepositories } from "@/lib/domain/registry/repositories/list-repositories";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listRepositories, ({ ctx, query, log }) =>
  listRepositories({ orgId: ctx.orgId, page: query, log }),
);
