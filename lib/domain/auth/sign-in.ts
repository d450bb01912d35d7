import type { ClientInfo } from "@/lib/auth/context";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/passwords";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { redis, redisKey } from "@/lib/redis";
import type { SignInInput } from "@/lib/schemas/auth";
import { createSession } from "./create-session";
import { getMe } from "./get-me";

const WINDOW_SECONDS = 15 * 60;

/** Password sign-in, throttled per e-mail address to slow down guessing. */
export async function signIn({ input, client }: { input: SignInInput; client: ClientInfo }) {
  const attemptsKey = redisKey("signin-attempts", input.email);
  const attempts = await redis().incr(attemptsKey);
  if (attempts === 1) await redis().expire(attemptsKey, WINDOW_SECONDS);
  if (attempts > env.SIGNIN_MAX_ATTEMPTS) {
    throw new AppError("RATE_LIMITED", "Too many sign-in attempts for this account; wait 15 minutes and try again");
  }
  const user = await prisma.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, memberships: { orderBy: { createdAt: "asc" }, take: 1, select: { orgId: true } } },
  });
  // Verify against a dummy hash for unknown e-mails so response time does not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) throw new AppError("UNAUTHENTICATED", "Wrong e-mail or password");
  await redis().del(attemptsKey);
  const activeOrgId = user.memberships[0]?.orgId ?? null;
  const session = await createSession({ userId: user.id, activeOrgId, info: client });
  return { me: await getMe({ userId: user.id, activeOrgId }), session };
}
