import { sha256Hex } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AgentRefusal } from "./agent-refusal";

export type AgentIdentity = { nodeId: string; orgId: string; clusterId: string; hostname: string; inventoryHash: string | null };

/** The node a credential belongs to. Identity comes only from here, never from what the agent claims. */
export async function authenticateAgent({ credential }: { credential: string }): Promise<AgentIdentity> {
  const node = await prisma.node.findUnique({
    where: { credentialHash: sha256Hex(credential) },
    select: { id: true, orgId: true, clusterId: true, hostname: true, inventoryHash: true, credentialRevokedAt: true, removedAt: true },
  });
  if (!node)
    throw new AgentRefusal("INVALID_CREDENTIAL", "The node credential is not known to this control plane. Join again with a join token.");
  if (node.removedAt)
    throw new AgentRefusal("NODE_REMOVED", "This node was removed from its cluster. Join again with a new join token to add it back.");
  if (node.credentialRevokedAt) throw new AgentRefusal("CREDENTIAL_REVOKED", "This node's credential was revoked by an administrator.");
  return { nodeId: node.id, orgId: node.orgId, clusterId: node.clusterId, hostname: node.hostname, inventoryHash: node.inventoryHash };
}
