import { signIn } from "@/lib/domain/auth/sign-in";
import { sessionCookie } from "@/lib/http/cookies";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const POST = route(authEndpoints.signIn, async ({ ctx, body, setCookie }) => {
  const { me, session } = await signIn({ input: body, client: ctx });
  setCookie(sessionCookie(session.token, session.expiresAt, ctx));
  return me;
});
