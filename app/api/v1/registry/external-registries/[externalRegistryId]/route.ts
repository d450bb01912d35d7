import { deleteExternalRegistry } from "@/lib/domain/registry/external/delete-external-registry";
import { updateExternalRegistry } from "@/lib/domain/registry/external/update-external-registry";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const PATCH = route(registryEndpoints.updateExternal, ({ ctx, params, body }) =>
  updateExternalRegistry({ ctx, externalRegistryId: params.externalRegistryId, input: body }),
);
export const DELETE = route(registryEndpoints.deleteExternal, ({ ctx, params }) =>
  deleteExternalRegistry({ ctx, externalRegistryId: params.externalRegistryId }),
);
