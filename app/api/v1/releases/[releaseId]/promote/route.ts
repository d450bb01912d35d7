import { promoteRelease } from "@/lib/domain/releases/release-actions";
import { route } from "@/lib/http/route";
import { releaseEndpoints } from "@/lib/schemas/releases";

export const POST = route(releaseEndpoints.promote, ({ ctx, params }) => promoteRelease({ ctx, releaseId: params.releaseId }));
