/**
 * The organisation context a bench acts in: the cluster's organisation, on behalf of its first
 * owner (API tokens must have an accountable creator; the audit log names the bench).
 */
import { systemActor, type OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";

export async function ownerContext(orgId: string, requestId: string): Promise<OrgContext> {
  const owner = await prisma.membership.findFirst({
    where: { orgId, role: "OWNER" },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  if (!owner) throw new Error("the cluster's organisation has no owner; sign up first");
  return {
    orgId,
    role: "OWNER",
    actor: systemActor(requestId),
    userId: owner.userId,
    tokenId: null,
    requestId,
    ip: null,
    userAgent: null,
    https: false,
  };
}
