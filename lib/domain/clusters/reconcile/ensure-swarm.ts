import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { acceptedSwarmNodeId } from "../../agents/swarm-node-claim";
import { sendCommand } from "../../commands/send-command";
import { noteNodeError, type ReconcileContext, type ReconcileNode, type SwarmAccess } from "./context";

type ClusterSwarm = {
  swarmId: string | null;
  managerAddr: string | null;
  swarmWorkerTokenEnc: string | null;
  swarmManagerTokenEnc: string | null;
};

/** Records the swarm and how to reach it (join tokens encrypted at rest). */
export async function store(clusterId: string, access: SwarmAccess) {
  await prisma.cluster.update({
    where: { id: clusterId },
    data: {
      swarmId: access.swarmId,
      managerAddr: access.managerAddr,
      swarmWorkerTokenEnc: encryptSecret(access.workerToken),
      swarmManagerTokenEnc: encryptSecret(access.managerToken),
    },
  });
}

function stored(cluster: ClusterSwarm): SwarmAccess | null {
  if (!cluster.swarmId || !cluster.managerAddr || !cluster.swarmWorkerTokenEnc || !cluster.swarmManagerTokenEnc) return null;
  return {
    swarmId: cluster.swarmId,
    managerAddr: cluster.managerAddr,
    workerToken: decryptSecret(cluster.swarmWorkerTokenEnc),
    managerToken: decryptSecret(cluster.swarmManagerTokenEnc),
  };
}

/** How to reach a swarm a manager described, whether it inspected the swarm or just initialised it. */
const accessOf = (swarm: { swarmId: string; managerAddr: string; joinTokens: { worker: string; manager: string } }): SwarmAccess => ({
  swarmId: swarm.swarmId,
  managerAddr: swarm.managerAddr,
  workerToken: swarm.joinTokens.worker,
  managerToken: swarm.joinTokens.manager,
});

/**
 * The cluster's swarm: the one already recorded, one a connected manager already runs (adopted),
 * or a new one initialised on the first connected node. Null when no node is connected yet.
 */
export async function ensureSwarm(ctx: ReconcileContext, cluster: ClusterSwarm): Promise<SwarmAccess | null> {
  const known = stored(cluster);
  const live = ctx.nodes.filter((n) => n.ready && !n.removeRequested);
  if (known) return known;
  // Adopt an existing swarm only from a machine that joined with a manager token: a worker's claim
  // to run a swarm would make later nodes join the swarm it names (see role-claims.ts for its error).
  const adoptable = live.find((n) => n.role === "MANAGER" && n.inventory?.swarm.state === "active" && n.inventory.swarm.isManager);
  if (adoptable) {
    const info = await sendCommand({ nodeId: adoptable.id, type: "swarm.inspect", payload: {}, timeoutMs: 20_000 });
    if (info.swarmId !== adoptable.inventory?.swarm.clusterId) {
      await noteNodeError(
        adoptable,
        `Not adopting the swarm: the engine reports swarm ${adoptable.inventory?.swarm.clusterId ?? "none"} but inspecting it answered ${info.swarmId}`,
      );
      return null;
    }
    const access = accessOf(info);
    await store(ctx.clusterId, access);
    ctx.steps.push(`adopted swarm ${info.swarmId} from ${adoptable.hostname}`);
    return access;
  }
  const first = choosePioneer(live);
  if (!first) return null;
  try {
    const advertiseAddr = first.inventory?.advertiseAddr ?? undefined;
    // swarm.init is idempotent on the agent (a manager answers with its swarm), so a retry is safe.
    const init = await sendCommand({
      nodeId: first.id,
      type: "swarm.init",
      payload: advertiseAddr ? { advertiseAddr } : {},
      timeoutMs: 60_000,
    });
    const access = accessOf(init);
    await store(ctx.clusterId, access);
    // Wharf chose this node to initialise the swarm, so the control plane makes it a manager.
    const swarmNodeId = await acceptedSwarmNodeId({ nodeId: first.id, claimed: init.nodeId });
    await prisma.node.update({
      where: { id: first.id },
      data: { swarmNodeId, swarmRole: "MANAGER", role: "MANAGER", swarmLeader: true, lastError: null, lastErrorAt: null },
    });
    first.role = "MANAGER";
    markJoined(first, init.swarmId, init.nodeId, true);
    first.swarmNodeId = swarmNodeId;
    ctx.steps.push(`initialised swarm ${init.swarmId} on ${first.hostname}`);
    return access;
  } catch (err) {
    await noteNodeError(first, `Could not initialise the swarm: ${(err as Error).message}`);
    throw err;
  }
}

/** The first node initialises the swarm: prefer one that joined with a manager token. */
function choosePioneer(live: ReconcileNode[]): ReconcileNode | undefined {
  return (
    live.find((n) => n.role === "MANAGER" && n.inventory?.swarm.state === "inactive") ??
    live.find((n) => n.inventory?.swarm.state === "inactive")
  );
}

/** Reflect a successful init/join in memory, before the agent's next inventory says so. */
export function markJoined(node: ReconcileNode, swarmId: string, swarmNodeId: string, isManager: boolean) {
  node.swarmNodeId = swarmNodeId;
  if (node.inventory)
    node.inventory = {
      ...node.inventory,
      swarm: { ...node.inventory.swarm, state: "active", clusterId: swarmId, nodeId: swarmNodeId, isManager },
    };
}
