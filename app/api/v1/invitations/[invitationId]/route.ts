import { revokeInvitation } from "@/lib/domain/invitations/revoke-invitation";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const DELETE = route(organizationEndpoints.revokeInvitation, ({ ctx, params }) =>
  revokeInvitation({ ctx, invitationId: params.invitationId }),
);
