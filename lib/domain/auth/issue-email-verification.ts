/**
 * A fresh e-mail verification link for an account: a random token whose SHA-256 is stored on the
 * user (a newer link replaces an older one), then mailed. The token itself is never stored.
 */
import { generateSecret } from "@/lib/crypto";
import { prisma, type DbClient } from "@/lib/db";
import { sendMail } from "@/lib/drivers/mail/send-mail";
import { env } from "@/lib/env";

export type VerificationLink = { email: string; name: string; url: string };

/** Stores a new token's hash (inside the caller's transaction when given) and returns the link. */
export async function issueEmailVerification({ userId, db = prisma }: { userId: string; db?: DbClient }): Promise<VerificationLink> {
  const { secret, hash } = generateSecret("verify");
  const user = await db.user.update({
    where: { id: userId },
    data: { emailVerifyTokenHash: hash, emailVerifySentAt: new Date() },
    select: { email: true, name: true },
  });
  const url = new URL("/verify-email", env.PUBLIC_URL);
  url.searchParams.set("token", secret);
  return { email: user.email, name: user.name, url: url.toString() };
}

/** Mails the link (after the transaction that stored its hash has committed). */
export async function sendVerificationEmail(link: VerificationLink): Promise<void> {
  await sendMail({
    to: link.email,
    subject: "Confirm your e-mail address for Wharf",
    text: [
      `Hello ${link.name},`,
      "",
      "Open this link to confirm your e-mail address and finish creating your Wharf account:",
      "",
      link.url,
      "",
      `The link works once and expires in ${env.EMAIL_VERIFY_TTL_HOURS} hours. If you did not sign up, ignore this message.`,
    ].join("\n"),
  });
}
