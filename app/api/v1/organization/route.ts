import { getOrganization } from "@/lib/domain/organizations/get-organization";
import { updateOrganization } from "@/lib/domain/organizations/update-organization";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const GET = route(organizationEndpoints.current, ({ ctx }) => getOrganization({ ctx }));
export const PATCH = route(organizationEndpoints.update, ({ ctx, body }) => updateOrganization({ ctx, name: body.name }));
