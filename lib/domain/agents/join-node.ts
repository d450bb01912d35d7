import { systemActor } from "@/lib/auth/context";
import { generateSecret, sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import type { JoinRequest } from "@/lib/protocol/messages";
import { isSupportedProtocol, MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION } from "@/lib/protocol/version";
import { recordAudit } from "../audit/record-audit";
import { ensureLocalCluster } from "../clusters/ensure-local-cluster";
import { AgentRefusal } from "./agent-refusal";
import { inventoryColumns, inventoryHash } from "./inventory-facts";

const findJoinToken = (secret: string) =>
  prisma.joinToken.findUnique({
    where: { tokenHash: sha256Hex(secret) },
    select: { id: true, orgId: true, clusterId: true, role: true, expiresAt: true, revokedAt: true, cluster: { select: { name: true } } },
  });

/**
 * The local agent of an installation whose first organisation predates its token: give the oldest
 * organisation its "local" cluster now. Any other unknown token stays unknown.
 */
async function adoptLocalAgent(secret: string) {
  if (!env.LOCAL_AGENT_JOIN_TOKEN || secret !== env.LOCAL_AGENT_JOIN_TOKEN) return null;
  const org = await prisma.organization.findFirst({ orderBy: { createdAt: "asc" }, select: { id: true } });
  if (!org) return null; // nobody has signed up yet: the agent waits
  await prisma.$transaction((tx) => ensureLocalCluster({ orgId: org.id, actor: systemActor("local-agent"), db: tx }));
  return findJoinToken(secret);
}

/**
 * Exchanges a join token for a per-node credential. The same machine (Docker engine id) joining
 * the same cluster again gets its existing node back with a fresh credential: no duplicates.
 */
export async function joinNode({ request, ip }: { request: JoinRequest; ip: string | null }) {
  if (!isSupportedProtocol(request.protocolVersion)) {
    throw new AgentRefusal("PROTOCOL_UNSUPPORTED", `This control plane speaks agent protocol ${MIN_SUPPORTED_PROTOCOL}-${PROTOCOL_VERSION}; the agent speaks ${request.protocolVersion}. Install the agent from this console.`);
  }
  const token = (await findJoinToken(request.token)) ?? (await adoptLocalAgent(request.token));
  if (!token) throw new AgentRefusal("INVALID_JOIN_TOKEN", "The join token is not valid. Copy the install command again from the cluster page.");
  if (token.revokedAt) throw new AgentRefusal("JOIN_TOKEN_REVOKED", "The join token was revoked. Create a new one on the cluster page.");
  if (token.expiresAt <= new Date()) throw new AgentRefusal("JOIN_TOKEN_EXPIRED", "The join token has expired. Create a new one on the cluster page.");

  const { secret, hash } = generateSecret("node");
  const inventory = request.inventory;
  const facts = {
    ...inventoryColumns(inventory),
    inventory,
    inventoryHash: inventoryHash(inventory),
    agentVersion: request.agentVersion,
    credentialHash: hash,
    credentialRevokedAt: null,
    removedAt: null,
    removeRequestedAt: null,
    lastError: null,
    lastErrorAt: null,
  };
  return prisma.$transaction(async (tx) => {
    const node = await tx.node.upsert({
      where: { clusterId_machineId: { clusterId: token.clusterId, machineId: inventory.machineId } },
      create: { orgId: token.orgId, clusterId: token.clusterId, machineId: inventory.machineId, role: token.role, ...facts },
      update: facts,
      select: { id: true },
    });
    await tx.joinToken.update({ where: { id: token.id }, data: { useCount: { increment: 1 }, lastUsedAt: new Date() } });
    await recordAudit({
      db: tx, orgId: token.orgId, action: "node.join", targetType: "node", targetId: node.id,
      actor: { type: "AGENT", id: node.id, label: `agent:${inventory.hostname}`, ip, userAgent: `wharf-agent/${request.agentVersion}` },
      details: { cluster: token.cluster.name, hostname: inventory.hostname, role: token.role, joinTokenId: token.id },
    });
    return { nodeId: node.id, clusterId: token.clusterId, credential: secret };
  });
}
