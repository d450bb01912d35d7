import { dummyPasswordHash, verifyPassword } from "@/lib/auth/passwords";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { redis, redisKey } from "@/lib/redis";

const WINDOW_SECONDS = 15 * 60;

export type ThrottledPasswordCheck = { ok: true; user: { id: string } } | { ok: false; reason: "throttled" | "invalid" };

/**
 * Checks an account's password, throttled per e-mail address to slow down guessing. One counter
 * for every way in (sign-in form, registry token endpoint), so none is a way around the others.
 */
export async function verifyPasswordThrottled({ email, password }: { email: string; password: string }): Promise<ThrottledPasswordCheck> {
  const attemptsKey = redisKey("signin-attempts", email);
  const attempts = await redis().incr(attemptsKey);
  if (attempts === 1) await redis().expire(attemptsKey, WINDOW_SECONDS);
  if (attempts > env.SIGNIN_MAX_ATTEMPTS) return { ok: false, reason: "throttled" };
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // Verify against a dummy hash for unknown e-mails so response time does not reveal accounts.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !ok) return { ok: false, reason: "invalid" };
  await redis().del(attemptsKey);
  return { ok: true, user: { id: user.id } };
}
