import { setReleaseWeight } from "@/lib/domain/releases/release-actions";
import { route } from "@/lib/http/route";
import { releaseEndpoints } from "@/lib/schemas/releases";

export const POST = route(releaseEndpoints.weight, ({ ctx, params, body }) =>
  setReleaseWeight({ ctx, releaseId: params.releaseId, toWeight: body.toWeight }),
);
