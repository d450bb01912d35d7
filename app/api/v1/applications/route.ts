import { createApplication } from "@/lib/domain/applications/create-application";
import { listApplications } from "@/lib/domain/applications/list-applications";
import { route } from "@/lib/http/route";
import { applicationEndpoints } from "@/lib/schemas/applications";

export const GET = route(applicationEndpoints.list, ({ ctx, query }) => listApplications({ orgId: ctx.orgId, page: query }));
export const POST = route(applicationEndpoints.create, ({ ctx, body }) => createApplication({ ctx, input: body }));
