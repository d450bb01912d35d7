import type { ClientInfo } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SignInInput } from "@/lib/schemas/auth";
import { assertEmailVerified } from "./assert-email-verified";
import { createSession } from "./create-session";
import { getMe } from "./get-me";
import { signInThrottledError, verifyPasswordThrottled } from "./verify-password-throttled";

/** Password sign-in, through the sign-in throttle (per address and account, per address, per account). */
export async function signIn({ input, client }: { input: SignInInput; client: ClientInfo }) {
  const check = await verifyPasswordThrottled({ email: input.email, password: input.password, ip: client.ip });
  if (!check.ok) {
    if (check.reason === "throttled") throw signInThrottledError(check);
    throw new AppError("UNAUTHENTICATED", "Wrong e-mail or password");
  }
  const userId = check.user.id;
  await assertEmailVerified({ userId });
  const firstMembership = await prisma.membership.findFirst({ where: { userId }, orderBy: { createdAt: "asc" }, select: { orgId: true } });
  const activeOrgId = firstMembership?.orgId ?? null;
  const session = await createSession({ userId, activeOrgId, info: client });
  return { me: await getMe({ userId, activeOrgId }), session };
}
