import { createWebhook } from "@/lib/domain/registry/webhooks/create-webhook";
import { listWebhooks } from "@/lib/domain/registry/webhooks/list-webhooks";
import { route } from "@/lib/http/route";
import { registryEndpoints } from "@/lib/schemas/registry";

export const GET = route(registryEndpoints.listWebhooks, ({ ctx }) => listWebhooks({ orgId: ctx.orgId }));
export const POST = route(registryEndpoints.createWebhook, ({ ctx, body }) => createWebhook({ ctx, input: body }));
