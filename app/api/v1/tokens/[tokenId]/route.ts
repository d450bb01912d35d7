import { revokeApiToken } from "@/lib/domain/tokens/revoke-api-token";
import { route } from "@/lib/http/route";
import { tokenEndpoints } from "@/lib/schemas/tokens";

export const DELETE = route(tokenEndpoints.revoke, ({ ctx, params }) => revokeApiToken({ ctx, tokenId: params.tokenId }));
