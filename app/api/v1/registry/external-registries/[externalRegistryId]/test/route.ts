import { testExternalRegistry } from "@/lib/domain/registry/external/test-external-registry";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const POST = route(registryEndpoints.testExternal, ({ ctx, params }) =>
  testExternalRegistry({ ctx, externalRegistryId: params.externalRegistryId }),
);
