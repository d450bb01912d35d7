import { signUp } from "@/lib/domain/auth/sign-up";
import { sessionCookie } from "@/lib/http/cookies";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const POST = route(authEndpoints.signUp, async ({ ctx, body, setCookie }) => {
  const { me, session } = await signUp({ input: body, client: ctx });
  setCookie(sessionCookie(session.token, session.expiresAt, ctx));
  return me;
});
