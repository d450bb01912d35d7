import { registryOverview } from "@/lib/domain/registry/repositories/registry-overview";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.overview, ({ ctx, log }) => registryOverview({ orgId: ctx.orgId, log }));
