import { updateOrganizationQuotas } from "@/lib/domain/installation/update-organization-quotas";
import { route } from "@/lib/http/route";
import { installationEndpoints } from "@/lib/schemas/installation";

export const PATCH = route(installationEndpoints.updateQuotas, ({ ctx, params, body }) =>
  updateOrganizationQuotas({ ctx, orgId: params.organizationId, input: body }),
);
