import { signOut } from "@/lib/domain/auth/sign-out";
import { clearedSessionCookie } from "@/lib/http/cookies";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const POST = route(authEndpoints.signOut, async ({ ctx, setCookie }) => {
  await signOut({ sessionId: ctx.sessionId });
  setCookie(clearedSessionCookie(ctx));
  return { ok: true as const };
});
