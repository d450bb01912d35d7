import { prisma } from "@/lib/db";
import { acceptedSwarmNodeId, swarmNodeIdTakenError } from "../../agents/swarm-node-claim";
import { sendCommand } from "../../commands/send-command";
import { isMember, JOIN_ERRORS, noteNodeError, type ReconcileContext, type SwarmAccess } from "./context";
import { markJoined } from "./ensure-swarm";

/**
 * Every connected node joins the cluster's swarm with the token of its role. The control plane
 * relays the swarm join token between agents; it never reaches a browser or the command history.
 */
export async function ensureMembers(ctx: ReconcileContext, swarm: SwarmAccess): Promise<void> {
  for (const node of ctx.nodes) {
    const member = isMember(node, swarm.swarmId);
    if (member && JOIN_ERRORS.test(node.lastError ?? "")) await noteNodeError(node, null);
    if (!node.ready || node.removeRequested || !node.inventory || member) continue;
    const state = node.inventory.swarm;
    if (state.state === "active" && state.clusterId !== swarm.swarmId) {
      await noteNodeError(
        node,
        `This machine is already in another swarm (${state.clusterId}). Run "docker swarm leave" on it, or remove the node.`,
      );
      continue;
    }
    if (state.state === "pending") continue; // joining right now
    try {
      const advertiseAddr = node.inventory.advertiseAddr ?? undefined;
      const joined = await sendCommand({
        nodeId: node.id,
        type: "swarm.join",
        payload: {
          remoteAddrs: [swarm.managerAddr],
          joinToken: node.role === "MANAGER" ? swarm.managerToken : swarm.workerToken,
          ...(advertiseAddr ? { advertiseAddr } : {}),
        },
        timeoutMs: 60_000,
      });
      const swarmNodeId = await acceptedSwarmNodeId({ nodeId: node.id, claimed: joined.nodeId });
      const error = swarmNodeId ? null : swarmNodeIdTakenError(joined.nodeId);
      await prisma.node.update({ where: { id: node.id }, data: { swarmNodeId, lastError: error, lastErrorAt: error ? new Date() : null } });
      markJoined(node, swarm.swarmId, joined.nodeId, node.role === "MANAGER");
      node.swarmNodeId = swarmNodeId;
      node.lastError = error;
      ctx.steps.push(`${node.hostname} joined as ${node.role.toLowerCase()}`);
    } catch (err) {
      await noteNodeError(node, `Could not join the swarm: ${(err as Error).message}`);
      ctx.log.warn({ err, node: node.hostname }, "swarm join failed");
    }
  }
}
