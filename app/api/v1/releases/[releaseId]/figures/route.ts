import { getReleaseFigures } from "@/lib/domain/releases/release-view";
import { route } from "@/lib/http/route";
import { releaseEndpoints } from "@/lib/schemas/releases";

export const GET = route(releaseEndpoints.figures, ({ ctx, params }) =>
  getReleaseFigures({ orgId: ctx.orgId, releaseId: params.releaseId }),
);
