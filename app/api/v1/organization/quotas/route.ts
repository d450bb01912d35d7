import { getOrganizationQuotas } from "@/lib/domain/quotas/get-organization-quotas";
import { route } from "@/lib/http/route";
import { installationEndpoints } from "@/lib/schemas/installation";

export const GET = route(installationEndpoints.organizationQuotas, ({ ctx }) => getOrganizationQuotas({ orgId: ctx.orgId }));
