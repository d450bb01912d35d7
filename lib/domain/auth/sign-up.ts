import type { ClientInfo } from "@/lib/auth/context";
import { hashPassword } from "@/lib/auth/passwords";
import { prisma } from "@/lib/db";
import { mailConfigured } from "@/lib/drivers/mail/send-mail";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { SignUpInput } from "@/lib/schemas/auth";
import { claimFirstAccount } from "../installation/claim-first-account";
import { createOrganization } from "../organizations/create-organization";
import { joinThroughInvitation } from "../invitations/join-through-invitation";
import { createSession } from "./create-session";
import { getMe } from "./get-me";
import { issueEmailVerification, sendVerificationEmail } from "./issue-email-verification";

/**
 * Creates an account and signs it in. Without an invitation the person gets an organisation of
 * their own, so the first account of a fresh install owns its first organisation; that account
 * is also the installation's operator. With an SMTP server configured the account must confirm
 * its e-mail address first: no session then, a link goes out by mail instead.
 */
export async function signUp({ input, client, log }: { input: SignUpInput; client: ClientInfo; log?: Logger }) {
  const passwordHash = await hashPassword(input.password);
  const verify = mailConfigured();
  const result = await prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", "An account with this e-mail already exists; sign in instead");
    const isOperator = await claimFirstAccount({ db: tx });
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, isOperator, emailVerifiedAt: verify ? null : new Date() },
      select: { id: true },
    });
    const actor = { type: "USER" as const, id: user.id, label: input.email, ...client };
    const orgId = input.invitationToken
      ? (await joinThroughInvitation({ token: input.invitationToken, userId: user.id, email: input.email, actor, db: tx })).id
      : (await createOrganization({ userId: user.id, name: input.organizationName ?? `${input.name}'s organisation`, actor, db: tx })).id;
    const me = await getMe({ userId: user.id, activeOrgId: orgId }, tx);
    if (verify) return { me, session: null, link: await issueEmailVerification({ userId: user.id, db: tx }) };
    return { me, session: await createSession({ userId: user.id, activeOrgId: orgId, info: client }, tx), link: null };
  });
  if (result.link) {
    // After the commit: a mail server that is down must not undo the account; "send again" retries.
    await sendVerificationEmail(result.link).catch((err: unknown) => log?.error({ err }, "could not send the verification e-mail"));
  }
  return { me: result.me, session: result.session, emailVerificationRequired: verify };
}
