import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

export type ResolvedSession = { sessionId: string; userId: string; email: string; name: string; activeOrgId: string | null };

const TOUCH_EVERY_MS = 5 * 60_000;

/** The live session a cookie token names, or null. Sliding expiry, touched at most every 5 min. */
export async function resolveSession({ token }: { token: string }): Promise<ResolvedSession | null> {
  const session = await prisma.session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, userId: true, activeOrgId: true, expiresAt: true, lastSeenAt: true, user: { select: { email: true, name: true } } },
  });
  const now = Date.now();
  if (!session || session.expiresAt.getTime() <= now) return null;
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await prisma.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + env.SESSION_TTL_HOURS * 3_600_000) },
    });
  }
  return {
    sessionId: session.id,
    userId: session.userId,
    email: session.user.email,
    name: session.user.name,
    activeOrgId: session.activeOrgId,
  };
}
