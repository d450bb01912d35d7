import { previewRetention } from "@/lib/domain/registry/retention/preview-retention";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.previewRetention, ({ ctx, query, log }) => previewRetention({ orgId: ctx.orgId, query, log }));
