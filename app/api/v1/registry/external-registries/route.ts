import { createExternalRegistry } from "@/lib/domain/registry/external/create-external-registry";
import { listExternalRegistries } from "@/lib/domain/registry/external/list-external-registries";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listExternal, ({ ctx }) => listExternalRegistries({ orgId: ctx.orgId }));
export const POST = route(registryEndpoints.createExternal, ({ ctx, body }) => createExternalRegistry({ ctx, input: body }));
