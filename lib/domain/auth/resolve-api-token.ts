import { roleAtLeast, type Role } from "@/lib/auth/permissions";
import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";

export type ResolvedApiToken = { tokenId: string; orgId: string; role: Role; name: string };

const TOUCH_EVERY_MS = 30_000;

const lower = (a: Role, b: Role): Role => (roleAtLeast(a, b) ? b : a);

/**
 * The live API token a bearer secret names, or null (unknown, revoked, expired, or its creator is
 * no longer a member). A token acts for the person who created it and never above them: its
 * effective role is the lower of its own role and its creator's current role in the organisation
 * (issue 9, finding 5b). Removing or demoting a member also revokes or clamps their tokens; this
 * check is the backstop for anything that bypasses that (e.g. a membership deleted with its user).
 * A token without a recorded creator has no one it could act for and is refused.
 */
export async function resolveApiToken({ token }: { token: string }): Promise<ResolvedApiToken | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, orgId: true, role: true, name: true, revokedAt: true, expiresAt: true, lastUsedAt: true, createdById: true },
  });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || !row.createdById) return null;
  const creator = await prisma.membership.findUnique({
    where: { orgId_userId: { orgId: row.orgId, userId: row.createdById } },
    select: { role: true },
  });
  if (!creator) return null;
  // Last-used is informative; writing it on every request would make each API call a DB write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, orgId: row.orgId, role: lower(row.role, creator.role), name: row.name };
}
