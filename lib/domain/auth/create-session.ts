import type { ClientInfo } from "@/lib/auth/context";
import { generateSecret } from "@/lib/crypto";
import { prisma, type DbClient } from "@/lib/db";
import { env } from "@/lib/env";

export type NewSession = { token: string; expiresAt: Date };

/** Starts a session; only the token's hash is stored, the token goes into the cookie. */
export async function createSession(
  { userId, activeOrgId, info }: { userId: string; activeOrgId: string | null; info: ClientInfo },
  db: DbClient = prisma,
): Promise<NewSession> {
  const { secret, hash } = generateSecret("ses");
  const expiresAt = new Date(Date.now() + env.SESSION_TTL_HOURS * 3_600_000);
  await db.session.create({ data: { tokenHash: hash, userId, activeOrgId, ip: info.ip, userAgent: info.userAgent, expiresAt } });
  return { token: secret, expiresAt };
}
