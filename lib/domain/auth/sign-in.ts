import type { ClientInfo } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SignInInput } from "@/lib/schemas/auth";
import { createSession } from "./create-session";
import { getMe } from "./get-me";
import { verifyPasswordThrottled } from "./verify-password-throttled";

/** Password sign-in, throttled per e-mail address to slow down guessing. */
export async function signIn({ input, client }: { input: SignInInput; client: ClientInfo }) {
  const check = await verifyPasswordThrottled({ email: input.email, password: input.password });
  if (!check.ok) {
    if (check.reason === "throttled") throw new AppError("RATE_LIMITED", "Too many sign-in attempts for this account; wait 15 minutes and try again");
    throw new AppError("UNAUTHENTICATED", "Wrong e-mail or password");
  }
  const userId = check.user.id;
  const firstMembership = await prisma.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { orgId: true } });
  const activeOrgId = firstMembership?.orgId ?? null;
  const session = await createSession({ userId, activeOrgId, info: client });
  return { me: await getMe({ userId, activeOrgId }), session };
}
