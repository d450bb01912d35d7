import { deleteTemplate } from "@/lib/domain/templates/delete-template";
import { route } from "@/lib/http/route";
import { templateEndpoints } from "@/lib/schemas/templates";

export const DELETE = route(templateEndpoints.delete, ({ ctx, params }) => deleteTemplate({ ctx, templateId: params.templateId }));
