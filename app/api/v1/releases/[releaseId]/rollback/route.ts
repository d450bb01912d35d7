import { rollbackRelease } from "@/lib/domain/releases/release-actions";
import { route } from "@/lib/http/route";
import { releaseEndpoints } from "@/lib/schemas/releases";

export const POST = route(releaseEndpoints.rollback, ({ ctx, params }) => rollbackRelease({ ctx, releaseId: params.releaseId }));
