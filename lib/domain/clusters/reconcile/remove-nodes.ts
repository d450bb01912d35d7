import { systemActor } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "../../audit/record-audit";
import { sendCommand } from "../../commands/send-command";
import { disconnectNode } from "../../nodes/disconnect-node";
import { enqueueTrafficSync, markTrafficChanged } from "../../traffic/request-sync";
import { noteNodeError, type ReconcileContext } from "./context";
import { pickManager } from "./sync-node-specs";

/**
 * Nodes whose removal was asked for: leave the swarm (if reachable), removed through another
 * manager, then retired for good (credential revoked, agent disconnected).
 */
export async function removeNodes(ctx: ReconcileContext, swarmId: string | null): Promise<void> {
  for (const node of ctx.nodes.filter((n) => n.removeRequested)) {
    const others = ctx.nodes.filter((n) => n.id !== node.id && !n.removeRequested);
    // Leave whenever the agent is connected: its inventory may lag a recent join, and leaving is a
    // no-op on an engine outside any swarm.
    if (node.ready) {
      await sendCommand({ nodeId: node.id, type: "swarm.leave", payload: { force: true }, timeoutMs: 60_000 }).catch((err: unknown) =>
        ctx.log.warn({ err, node: node.hostname }, "swarm leave failed; removing through a manager"),
      );
    }
    if (node.swarmNodeId && swarmId && others.some((n) => n.swarmNodeId)) {
      const manager = pickManager(others, swarmId);
      if (!manager) {
        await noteNodeError(node, "Waiting for a connected manager to remove this node from the swarm");
        throw new AppError("UNAVAILABLE", `No connected manager can remove ${node.hostname} from the swarm yet`);
      }
      await sendCommand({
        nodeId: manager.id,
        type: "node.remove",
        payload: { swarmNodeId: node.swarmNodeId, force: true },
        timeoutMs: 30_000,
      });
    }
    await retire(ctx, node.id, node.hostname);
    ctx.steps.push(`removed ${node.hostname}`);
    if (others.length === 0) {
      // The last node is gone, and with it the swarm: a machine added later starts a new one.
      await prisma.cluster.update({
        where: { id: ctx.clusterId },
        data: { swarmId: null, managerAddr: null, swarmWorkerTokenEnc: null, swarmManagerTokenEnc: null },
      });
    }
  }
}

async function retire(ctx: ReconcileContext, nodeId: string, hostname: string) {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.node.update({
      where: { id: nodeId },
      data: { removedAt: now, credentialRevokedAt: now, status: "DOWN", statusChangedAt: now, swarmNodeId: null },
    });
    await tx.command.updateMany({
      where: { nodeId, status: { in: ["PENDING", "SENT"] } },
      data: { status: "FAILED", finishedAt: now, error: "The node was removed" },
    });
    // The row is kept (soft removal), so its task snapshot goes explicitly: no pool may keep its tasks.
    await tx.nodeTasks.deleteMany({ where: { nodeId } });
    await markTrafficChanged(ctx.clusterId, tx);
    await recordAudit({
      db: tx,
      orgId: ctx.orgId,
      actor: systemActor("reconciler"),
      action: "node.removed",
      targetType: "node",
      targetId: nodeId,
      details: { hostname },
    });
  });
  await enqueueTrafficSync(ctx.clusterId, ctx.log);
  await disconnectNode({ nodeId, reason: "node-removed" });
}
