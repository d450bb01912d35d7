import { getMe } from "@/lib/domain/auth/get-me";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const GET = route(authEndpoints.me, ({ ctx }) =>
  getMe({ userId: ctx.userId, sessionId: ctx.sessionId, activeOrgId: ctx.activeOrgId }),
);
