import { prisma } from "@/lib/db";
import type { Inventory } from "@/lib/protocol/inventory";
import { recordAudit } from "../audit/record-audit";
import { nodeLifecycle, rejoinApproved } from "../nodes/rejoin-approval";
import { AgentRefusal } from "./agent-refusal";

/** A refused agent retries every few seconds: its request is audited again only after this long. */
const REQUEST_AUDIT_EVERY_MS = 15 * 60_000;

export const machineSelect = {
  id: true,
  hostname: true,
  role: true,
  credentialRevokedAt: true,
  removedAt: true,
  rejoinRequestedAt: true,
  rejoinApprovedAt: true,
} as const;

export type MachineRecord = {
  id: string;
  hostname: string;
  role: "WORKER" | "MANAGER";
  credentialRevokedAt: Date | null;
  removedAt: Date | null;
  rejoinRequestedAt: Date | null;
  rejoinApprovedAt: Date | null;
};

/** The node record of a machine in a cluster, whatever its state (active, revoked or removed). */
export function findMachine(clusterId: string, machineId: string): Promise<MachineRecord | null> {
  return prisma.node.findUnique({ where: { clusterId_machineId: { clusterId, machineId } }, select: machineSelect });
}

export type RecordRejoinRequestOptions = {
  node: MachineRecord;
  orgId: string;
  inventory: Inventory;
  ip: string | null;
  tokenId: string;
  tokenRole: "WORKER" | "MANAGER";
  agentVersion: string;
};

/**
 * Notes that a join named this node's machine: the console shows "asked to join again" to admins.
 * An approval that has run out is cleared here. Audited (with where the request came from) when
 * it is new, then at most every 15 minutes while the agent keeps asking.
 */
export async function recordRejoinRequest({ node, orgId, inventory, ip, tokenId, tokenRole, agentVersion }: RecordRejoinRequestOptions) {
  const now = new Date();
  const audit = !node.rejoinRequestedAt || now.getTime() - node.rejoinRequestedAt.getTime() > REQUEST_AUDIT_EVERY_MS;
  await prisma.$transaction(async (tx) => {
    await tx.node.update({
      where: { id: node.id },
      data: {
        rejoinRequestedAt: now,
        ...(node.rejoinApprovedAt && !rejoinApproved(node, now) ? { rejoinApprovedAt: null, rejoinApprovedById: null } : {}),
      },
    });
    if (!audit) return;
    await recordAudit({
      db: tx,
      orgId,
      action: "node.rejoin-request",
      targetType: "node",
      targetId: node.id,
      actor: { type: "AGENT", id: null, label: `agent:${inventory.hostname}`, ip, userAgent: `wharf-agent/${agentVersion}` },
      details: { node: node.hostname, hostname: inventory.hostname, state: nodeLifecycle(node), tokenRole, joinTokenId: tokenId },
    });
  });
}

/** What the refused agent prints for its operator. */
export function rejoinRefusal(node: MachineRecord, clusterName: string): AgentRefusal {
  const allow = "An admin can allow this machine to join again on the node's page in the console; this agent keeps asking until then.";
  const why = {
    active: `This machine is already node ${node.hostname} of cluster ${clusterName}. If you reinstalled the agent, ${allow.charAt(0).toLowerCase()}${allow.slice(1)}`,
    revoked: `This machine is node ${node.hostname} of cluster ${clusterName}, whose credential was revoked. ${allow}`,
    removed: `This machine was node ${node.hostname} of cluster ${clusterName} and was removed from it. ${allow}`,
  }[nodeLifecycle(node)];
  return new AgentRefusal("REJOIN_NOT_APPROVED", why);
}
