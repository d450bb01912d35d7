import { prisma } from "@/lib/db";
import { findUsableInvitation } from "./join-through-invitation";

/** What an invitation link offers, for the accept page. Reveals nothing without the secret. */
export async function previewInvitation({ token }: { token: string }) {
  const invitation = await findUsableInvitation(token, prisma);
  return { organizationName: invitation.org.name, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt };
}
