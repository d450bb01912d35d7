import { listTags } from "@/lib/domain/registry/repositories/list-tags";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listTags, ({ ctx, params }) =>
  listTags({ orgId: ctx.orgId, repositoryId: params.repositoryId }),
);
