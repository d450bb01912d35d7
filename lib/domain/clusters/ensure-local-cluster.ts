import type { Actor } from "@/lib/auth/context";
import { sha256Hex } from "@/lib/crypto";
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { createCluster } from "./create-cluster";

const LOCAL_TOKEN_YEARS = 10;

/**
 * The local agent that `npm run up` starts joins with LOCAL_AGENT_JOIN_TOKEN. The first
 * organisation of the installation gets a cluster named "local" holding that token (as a manager
 * token), so its first user lands in a working one-node cluster. Later organisations do not. The
 * token is single-use: once the local machine has joined, it is spent (it waits, unused, until the
 * first sign-up, hence its long lifetime).
 * Run inside a transaction: a transaction-scoped advisory lock makes simultaneous first sign-ups
 * (or a sign-up racing the agent's join) wait for each other, so exactly one of them creates it.
 */
export async function ensureLocalCluster({
  orgId,
  actor,
  db,
  secret = env.LOCAL_AGENT_JOIN_TOKEN,
}: {
  orgId: string;
  actor: Actor;
  db: DbClient;
  secret?: string;
}) {
  if (!secret) return null;
  const hash = sha256Hex(secret);
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wharf.local-cluster'))`;
  const taken = await db.joinToken.findUnique({ where: { tokenHash: hash }, select: { id: true } });
  if (taken) return null;
  const cluster = await createCluster({
    orgId,
    actor,
    name: "local",
    description: "This machine, joined by the local agent that `npm run up` started",
    db,
    enforceQuota: false,
    controlPlaneHost: true,
  });
  await db.joinToken.create({
    data: {
      orgId,
      clusterId: cluster.id,
      role: "MANAGER",
      tokenHash: hash,
      prefix: secret.slice(0, 15),
      maxUses: 1,
      expiresAt: new Date(Date.now() + LOCAL_TOKEN_YEARS * 365 * 86_400_000),
    },
  });
  return cluster;
}
