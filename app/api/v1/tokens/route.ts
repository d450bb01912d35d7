import { createApiToken } from "@/lib/domain/tokens/create-api-token";
import { listApiTokens } from "@/lib/domain/tokens/list-api-tokens";
import { route } from "@/lib/http/route";
import { tokenEndpoints } from "@/lib/schemas/tokens";

export const GET = route(tokenEndpoints.list, ({ ctx, query }) => listApiTokens({ orgId: ctx.orgId, page: query }));
export const POST = route(tokenEndpoints.create, ({ ctx, body }) => createApiToken({ ctx, input: body }));
