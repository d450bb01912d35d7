import { removeMember } from "@/lib/domain/members/remove-member";
import { updateMemberRole } from "@/lib/domain/members/update-member-role";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const PATCH = route(organizationEndpoints.updateMember, ({ ctx, params, body }) =>
  updateMemberRole({ ctx, memberId: params.memberId, role: body.role }),
);
export const DELETE = route(organizationEndpoints.removeMember, ({ ctx, params }) => removeMember({ ctx, memberId: params.memberId }));
