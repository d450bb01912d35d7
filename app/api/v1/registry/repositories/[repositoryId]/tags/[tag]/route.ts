import { deleteTag } from "@/lib/domain/registry/repositories/delete-tag";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const DELETE = route(registryEndpoints.deleteTag, ({ ctx, params, log }) =>
  deleteTag({ ctx, repositoryId: params.repositoryId, tag: params.tag, log }),
);
