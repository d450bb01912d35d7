import type { Actor } from "@/lib/auth/context";
import { generateSecret } from "@/lib/crypto";
import { prisma, type DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { installCommands } from "./install-commands";

export const joinTokenSelect = {
  id: true,
  role: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  useCount: true,
  maxUses: true,
} as const;

export type CreateJoinTokenOptions = {
  orgId: string;
  clusterId: string;
  role: "WORKER" | "MANAGER";
  expiresInHours?: number;
  /** 1 = a single machine; null = any number until it expires. */
  maxUses?: number | null;
  actor: Actor;
  createdById?: string | null;
  db?: DbClient;
};

/**
 * A join token for one cluster and role; the secret (inside the install commands) is shown once.
 * Short-lived by default (JOIN_TOKEN_TTL_HOURS) and, when maxUses is set, spent after that many joins.
 */
export async function createJoinToken({
  orgId,
  clusterId,
  role,
  expiresInHours,
  maxUses = null,
  actor,
  createdById = null,
  db = prisma,
}: CreateJoinTokenOptions) {
  const cluster = await db.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true, name: true } });
  if (!cluster) throw notFound("Cluster");
  const { secret, hash, prefix } = generateSecret("join");
  const hours = expiresInHours ?? env.JOIN_TOKEN_TTL_HOURS;
  const token = await db.joinToken.create({
    data: { orgId, clusterId, role, tokenHash: hash, prefix, createdById, maxUses, expiresAt: new Date(Date.now() + hours * 3_600_000) },
    select: joinTokenSelect,
  });
  await recordAudit({
    db,
    orgId,
    actor,
    action: "join-token.create",
    targetType: "join-token",
    targetId: token.id,
    details: { cluster: cluster.name, role, prefix, expiresInHours: hours, maxUses },
  });
  const commands = installCommands({
    consoleUrl: env.PUBLIC_URL,
    gatewayUrl: env.GATEWAY_PUBLIC_URL,
    token: secret,
    agentImage: env.AGENT_IMAGE,
  });
  return { ...token, token: secret, commands };
}
