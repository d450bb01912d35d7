import { createInvitation } from "@/lib/domain/invitations/create-invitation";
import { listInvitations } from "@/lib/domain/invitations/list-invitations";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const GET = route(organizationEndpoints.listInvitations, ({ ctx, query }) => listInvitations({ orgId: ctx.orgId, page: query }));
export const POST = route(organizationEndpoints.createInvitation, ({ ctx, body }) =>
  createInvitation({ ctx, email: body.email, role: body.role }),
);
