import { createOrganizationForUser } from "@/lib/domain/organizations/create-organization-for-user";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const POST = route(organizationEndpoints.create, ({ ctx, body }) => createOrganizationForUser({ ctx, name: body.name }));
