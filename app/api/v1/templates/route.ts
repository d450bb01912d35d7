import { listTemplates } from "@/lib/domain/templates/list-templates";
import { saveTemplate } from "@/lib/domain/templates/save-template";
import { route } from "@/lib/http/route";
import { templateEndpoints } from "@/lib/schemas/templates";

export const GET = route(templateEndpoints.list, ({ ctx }) => listTemplates({ orgId: ctx.orgId }));
export const POST = route(templateEndpoints.create, ({ ctx, body }) => saveTemplate({ ctx, input: body }));
