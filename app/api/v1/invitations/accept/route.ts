import { acceptInvitation } from "@/lib/domain/invitations/accept-invitation";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const POST = route(organizationEndpoints.acceptInvitation, ({ ctx, body }) => acceptInvitation({ ctx, token: body.token }));
