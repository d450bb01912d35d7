import { listMembers } from "@/lib/domain/members/list-members";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const GET = route(organizationEndpoints.listMembers, ({ ctx, query }) => listMembers({ orgId: ctx.orgId, page: query }));
