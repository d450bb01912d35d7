import { createRelease } from "@/lib/domain/releases/create-release";
import { route } from "@/lib/http/route";
import { releaseEndpoints } from "@/lib/schemas/releases";

export const POST = route(releaseEndpoints.create, ({ ctx, params, body }) =>
  createRelease({ ctx, applicationId: params.applicationId, input: body }),
);
