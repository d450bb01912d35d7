import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Confirms the e-mail address a verification link was sent to. The link works once (its hash is
 * cleared) and expires EMAIL_VERIFY_TTL_HOURS after it was sent; then sign-in asks for a new one.
 * It does not sign anyone in: the link proves the mailbox, the password still proves the person.
 */
export async function verifyEmail({ token }: { token: string }): Promise<{ email: string }> {
  const hash = sha256Hex(token);
  const user = await prisma.user.findUnique({
    where: { emailVerifyTokenHash: hash },
    select: { id: true, email: true, emailVerifySentAt: true },
  });
  if (!user)
    throw new AppError(
      "NOT_FOUND",
      "This confirmation link is not valid or was already used. Sign in: if your address still needs confirming, you can ask for a new link there.",
    );
  const sentAt = user.emailVerifySentAt?.getTime() ?? 0;
  if (sentAt + env.EMAIL_VERIFY_TTL_HOURS * 3_600_000 <= Date.now()) {
    throw new AppError("GONE", "This confirmation link has expired. Sign in to ask for a new one.");
  }
  // Conditional on the hash, so two clicks at once confirm once and the second gets the 404 above next time.
  const done = await prisma.user.updateMany({
    where: { id: user.id, emailVerifyTokenHash: hash },
    data: { emailVerifiedAt: new Date(), emailVerifyTokenHash: null },
  });
  if (done.count === 0) throw new AppError("NOT_FOUND", "This confirmation link was already used. Sign in.");
  return { email: user.email };
}
