import { deleteWebhook } from "@/lib/domain/registry/webhooks/delete-webhook";
import { updateWebhook } from "@/lib/domain/registry/webhooks/update-webhook";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const PATCH = route(registryEndpoints.updateWebhook, ({ ctx, params, body }) =>
  updateWebhook({ ctx, webhookId: params.webhookId, input: body }),
);
export const DELETE = route(registryEndpoints.deleteWebhook, ({ ctx, params }) => deleteWebhook({ ctx, webhookId: params.webhookId }));
