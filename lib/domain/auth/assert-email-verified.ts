import { prisma } from "@/lib/db";
import { mailConfigured } from "@/lib/drivers/mail/send-mail";
import { AppError } from "@/lib/errors";

/**
 * With an SMTP server configured, an account whose e-mail address is not confirmed cannot sign in
 * (console or `docker login`). Without one, every account counts as confirmed. Call only after the
 * password was checked, so the answer tells nothing to someone who does not know it.
 */
export async function assertEmailVerified({ userId }: { userId: string }): Promise<void> {
  if (!mailConfigured()) return;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt) return;
  throw new AppError(
    "EMAIL_NOT_VERIFIED",
    `Confirm your e-mail address first: open the link we sent to ${user.email}. No message? Send the link again.`,
    { email: user.email, action: "resend-verification" },
  );
}
