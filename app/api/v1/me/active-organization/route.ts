import { switchOrganization } from "@/lib/domain/auth/switch-organization";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const PUT = route(authEndpoints.switchOrg, ({ ctx, body }) =>
  switchOrganization({ userId: ctx.userId, sessionId: ctx.sessionId, orgId: body.organizationId }),
);
