import type { Role } from "@/lib/auth/permissions";
import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";

export type ResolvedApiToken = { tokenId: string; orgId: string; role: Role; name: string };

const TOUCH_EVERY_MS = 30_000;

/** The live API token a bearer secret names, or null (unknown, revoked or expired). */
export async function resolveApiToken({ token }: { token: string }): Promise<ResolvedApiToken | null> {
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, orgId: true, role: true, name: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
  });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  // Last-used is informative; writing it on every request would make each API call a DB write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, orgId: row.orgId, role: row.role, name: row.name };
}
