import { prisma } from "@/lib/db";
import type { CommandResult } from "@/lib/protocol/commands";
import { sendCommand } from "../../commands/send-command";
import { LB_NODE_LABEL } from "../../traffic/lb-node-label";
import { requestTrafficSync } from "../../traffic/request-sync";
import { isSystemLabel, sameLabels } from "../../nodes/pending-node-changes";
import { isManagerOf, noteNodeError, type ReconcileContext, type ReconcileNode, type SwarmAccess } from "./context";
import { store } from "./ensure-swarm";

type SwarmNode = CommandResult<"swarm.inspect">["nodes"][number];

const toAvailability = (a: SwarmNode["availability"]) => a.toUpperCase() as ReconcileNode["availability"];
const toRole = (r: SwarmNode["role"]) => r.toUpperCase() as ReconcileNode["role"];

/** A connected node that the database holds as a manager and whose engine confirms it (see isManagerOf). */
export function pickManager(nodes: ReconcileNode[], swarmId: string): ReconcileNode | undefined {
  return nodes.find((n) => n.ready && !n.removeRequested && isManagerOf(n, swarmId));
}

/** System labels (wharf.*) on the swarm node are the control plane's; user labels come from the database. */
function desiredLabels(node: ReconcileNode, observed: Record<string, string>) {
  const system = Object.fromEntries(Object.entries(observed).filter(([k]) => isSystemLabel(k)));
  return { ...system, ...node.labels };
}

/**
 * Through a connected manager: reads the swarm's nodes, applies desired labels, availability and
 * role where they differ, and records what the swarm reports.
 */
export async function syncNodeSpecs(ctx: ReconcileContext, swarm: SwarmAccess): Promise<void> {
  const manager = pickManager(ctx.nodes, swarm.swarmId);
  if (!manager) return;
  const info = await sendCommand({ nodeId: manager.id, type: "swarm.inspect", payload: {}, timeoutMs: 20_000 });
  if (info.swarmId !== swarm.swarmId) {
    await noteNodeError(manager, `Its engine answered for swarm ${info.swarmId}, not the cluster's swarm ${swarm.swarmId}: ignored`);
    return;
  }
  // Swarm coordinates (manager address, join tokens) are only ever taken from a node the database
  // holds as a manager (pickManager), so later nodes join the cluster's own swarm.
  if (
    info.managerAddr !== swarm.managerAddr ||
    info.joinTokens.worker !== swarm.workerToken ||
    info.joinTokens.manager !== swarm.managerToken
  ) {
    await store(ctx.clusterId, {
      swarmId: swarm.swarmId,
      managerAddr: info.managerAddr,
      workerToken: info.joinTokens.worker,
      managerToken: info.joinTokens.manager,
    });
  }
  const byId = new Map(info.nodes.map((n) => [n.id, n]));
  for (const node of ctx.nodes) {
    if (!node.swarmNodeId || node.removeRequested) continue;
    const observed = byId.get(node.swarmNodeId);
    if (!observed) continue; // left or removed outside Wharf; its next inventory tells us, and it rejoins
    const labels = desiredLabels(node, observed.labels);
    const wanted = {
      ...(sameLabels(labels, observed.labels) ? {} : { labels }),
      ...(toAvailability(observed.availability) === node.availability
        ? {}
        : { availability: node.availability.toLowerCase() as SwarmNode["availability"] }),
      ...(toRole(observed.role) === node.role ? {} : { role: node.role.toLowerCase() as SwarmNode["role"] }),
    };
    let current = observed;
    if (Object.keys(wanted).length > 0) {
      try {
        await sendCommand({
          nodeId: manager.id,
          type: "node.update",
          payload: { swarmNodeId: node.swarmNodeId, ...wanted },
          timeoutMs: 30_000,
        });
        current = { ...observed, ...wanted };
        ctx.steps.push(`updated ${node.hostname}: ${Object.keys(wanted).join(", ")}`);
        await noteNodeError(node, null);
      } catch (err) {
        await noteNodeError(node, `Could not update the swarm node: ${(err as Error).message}`);
      }
    }
    await recordObserved(ctx, node, current);
  }
}

async function recordObserved(ctx: ReconcileContext, node: ReconcileNode, observed: SwarmNode) {
  const next = {
    swarmRole: toRole(observed.role),
    swarmAvailability: toAvailability(observed.availability),
    swarmLabels: observed.labels,
    swarmLeader: observed.leader,
  };
  const same =
    node.swarmRole === next.swarmRole &&
    node.swarmAvailability === next.swarmAvailability &&
    node.swarmLeader === next.swarmLeader &&
    node.swarmLabels !== null &&
    sameLabels(node.swarmLabels, next.swarmLabels);
  if (same) return;
  await prisma.node.update({ where: { id: node.id }, data: next });
  // The swarm's own availability (drained here, or outside Wharf) decides where tasks run, and
  // wharf.lb which nodes run HAProxy: the load balancers follow.
  if (node.swarmAvailability !== next.swarmAvailability || node.swarmLabels?.[LB_NODE_LABEL] !== next.swarmLabels[LB_NODE_LABEL]) {
    await requestTrafficSync(ctx.clusterId, ctx.log);
  }
  Object.assign(node, next);
}
