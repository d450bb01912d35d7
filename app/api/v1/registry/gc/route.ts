import { requestGc } from "@/lib/domain/registry/gc/request-gc";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const POST = route(registryEndpoints.requestGc, ({ ctx }) => requestGc({ ctx }));
