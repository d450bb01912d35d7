import { prisma } from "@/lib/db";
import { mailConfigured } from "@/lib/drivers/mail/send-mail";
import { AppError } from "@/lib/errors";
import { redis, redisKey } from "@/lib/redis";
import type { SignInInput } from "@/lib/schemas/auth";
import { issueEmailVerification, sendVerificationEmail } from "./issue-email-verification";
import { verifyPasswordThrottled } from "./verify-password-throttled";

const MIN_INTERVAL_SECONDS = 60;
const MAX_PER_HOUR = 5;

/**
 * Sends a new verification link to an account that is not confirmed yet. It takes the password
 * (through the sign-in throttle), so nobody can use it to flood a stranger's inbox, and it is
 * rate-limited per account: one mail a minute, five an hour.
 */
export async function resendEmailVerification({ input }: { input: SignInInput }): Promise<{ ok: true }> {
  if (!mailConfigured()) throw new AppError("CONFLICT", "This installation sends no e-mail, so addresses need no confirmation; sign in");
  const check = await verifyPasswordThrottled({ email: input.email, password: input.password });
  if (!check.ok) {
    if (check.reason === "throttled")
      throw new AppError("RATE_LIMITED", "Too many sign-in attempts for this account; wait 15 minutes and try again");
    throw new AppError("UNAUTHENTICATED", "Wrong e-mail or password");
  }
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: check.user.id },
    select: { emailVerifiedAt: true, emailVerifySentAt: true },
  });
  if (user.emailVerifiedAt) throw new AppError("CONFLICT", "Your e-mail address is already confirmed; sign in");
  const since = user.emailVerifySentAt ? (Date.now() - user.emailVerifySentAt.getTime()) / 1000 : Infinity;
  if (since < MIN_INTERVAL_SECONDS) {
    throw new AppError(
      "RATE_LIMITED",
      `A link was sent less than a minute ago; check your inbox (and spam folder), or try again in ${Math.ceil(MIN_INTERVAL_SECONDS - since)} seconds`,
    );
  }
  const key = redisKey("verify-mail", check.user.id);
  const sent = await redis().incr(key);
  if (sent === 1) await redis().expire(key, 3600);
  if (sent > MAX_PER_HOUR) throw new AppError("RATE_LIMITED", "Five links were sent in the last hour; wait a while before asking again");
  await sendVerificationEmail(await issueEmailVerification({ userId: check.user.id }));
  return { ok: true };
}
