import { previewApplication } from "@/lib/domain/applications/preview-application";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const POST = route(applicationEndpoints.preview, ({ ctx, body }) => previewApplication({ ctx, input: body }));
