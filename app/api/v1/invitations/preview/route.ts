import { previewInvitation } from "@/lib/domain/invitations/preview-invitation";
import { route } from "@/lib/http/route";
import { organizationEndpoints } from "@/lib/schemas/organization";

export const GET = route(organizationEndpoints.previewInvitation, ({ query }) => previewInvitation({ token: query.token }));
