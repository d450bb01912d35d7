import { listDeliveries } from "@/lib/domain/registry/webhooks/list-deliveries";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listDeliveries, ({ ctx, params, query }) =>
  listDeliveries({ orgId: ctx.orgId, webhookId: params.webhookId, page: query }),
);
