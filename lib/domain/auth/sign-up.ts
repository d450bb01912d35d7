import type { ClientInfo } from "@/lib/auth/context";
import { hashPassword } from "@/lib/auth/passwords";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SignUpInput } from "@/lib/schemas/auth";
import { createOrganization } from "../organizations/create-organization";
import { joinThroughInvitation } from "../invitations/join-through-invitation";
import { createSession } from "./create-session";
import { getMe } from "./get-me";

/**
 * Creates an account and signs it in. Without an invitation the person gets an organisation of
 * their own, so the first account of a fresh install owns its first organisation.
 */
export async function signUp({ input, client }: { input: SignUpInput; client: ClientInfo }) {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", "An account with this e-mail already exists; sign in instead");
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true } });
    const actor = { type: "USER" as const, id: user.id, label: input.email, ...client };
    const orgId = input.invitationToken
      ? (await joinThroughInvitation({ token: input.invitationToken, userId: user.id, email: input.email, actor, db: tx })).id
      : (await createOrganization({ userId: user.id, name: input.organizationName ?? `${input.name}'s organisation`, actor, db: tx })).id;
    const session = await createSession({ userId: user.id, activeOrgId: orgId, info: client }, tx);
    const me = await getMe({ userId: user.id, activeOrgId: orgId }, tx);
    return { me, session };
  });
}
