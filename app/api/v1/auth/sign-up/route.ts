import { signUp } from "@/lib/domain/auth/sign-up";
import { sessionCookie } from "@/lib/http/cookies";
import { route } from "@/lib/http/route";
import { authEndpoints } from "@/lib/schemas/auth";

export const POST = route(authEndpoints.signUp, async ({ ctx, body, setCookie, log }) => {
  const { me, session, emailVerificationRequired } = await signUp({ input: body, client: ctx, log });
  // With e-mail verification on, the session starts at the first sign-in after the link was followed.
  if (session) setCookie(sessionCookie(session.token, session.expiresAt, ctx));
  return { ...me, emailVerificationRequired };
});
