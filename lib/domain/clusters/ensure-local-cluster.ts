import type { Actor } from "@/lib/auth/context";
import { sha256Hex } from "@/lib/crypto";
import type { DbClient } from "@/lib/db";
import { env } from "@/lib/env";
import { createCluster } from "./create-cluster";

const LOCAL_TOKEN_YEARS = 10;

/**
 * The local agent that `npm run up` starts joins with LOCAL_AGENT_JOIN_TOKEN. The first
 * organisation of the installation gets a cluster named "local" holding that token (as a manager
 * token), so its first user lands in a working one-node cluster. Later organisations do not.
 */
export async function ensureLocalCluster({ orgId, actor, db }: { orgId: string; actor: Actor; db: DbClient }) {
  const secret = env.LOCAL_AGENT_JOIN_TOKEN;
  if (!secret) return null;
  const hash = sha256Hex(secret);
  const taken = await db.joinToken.findUnique({ where: { tokenHash: hash }, select: { id: true } });
  if (taken) return null;
  const cluster = await createCluster({ orgId, actor, name: "local", description: "This machine, joined by the local agent that `npm run up` started", db });
  await db.joinToken.create({
    data: { orgId, clusterId: cluster.id, role: "MANAGER", tokenHash: hash, prefix: secret.slice(0, 15), expiresAt: new Date(Date.now() + LOCAL_TOKEN_YEARS * 365 * 86_400_000) },
  });
  return cluster;
}
