import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inventorySchema } from "@/lib/protocol/inventory";

/** The cluster's manager nodes that are neither removed nor being removed. */
const managersOf = (clusterId: string) => ({ clusterId, removedAt: null, removeRequestedAt: null, role: "MANAGER" as const });

/**
 * A connected manager of the cluster: services (with their secrets and registry credentials) are
 * created, updated, inspected and logged through it. Only a node the database holds as a manager
 * qualifies (role from the join token, the swarm's initialisation or a promotion through Wharf);
 * its engine must confirm it (its inventory, or the swarm as a manager last reported it). A
 * worker's claim to be a manager is never enough. Prefers the swarm leader.
 */
export async function findManager(clusterId: string) {
  const nodes = await prisma.node.findMany({
    where: { ...managersOf(clusterId), status: "READY" },
    orderBy: [{ swarmLeader: "desc" }, { createdAt: "asc" }],
    select: { id: true, hostname: true, inventory: true, swarmRole: true },
  });
  const manager = nodes.find((n) => {
    const inv = inventorySchema.safeParse(n.inventory);
    return (inv.success && inv.data.swarm.state === "active" && inv.data.swarm.isManager) || n.swarmRole === "MANAGER";
  });
  if (!manager) {
    const cluster = await prisma.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
    throw new AppError(
      "UNAVAILABLE",
      `No connected manager node in cluster ${cluster?.name ?? clusterId}; start its agent or add a machine`,
    );
  }
  return { id: manager.id, hostname: manager.hostname };
}

/** Every connected node of the cluster (volumes live on each node that ran a task). */
export async function connectedNodes(clusterId: string) {
  return prisma.node.findMany({ where: { clusterId, removedAt: null, status: "READY" }, select: { id: true, hostname: true } });
}

// An agent restarting or a link coming back reconnects within its 10 s backoff; 30 s covers it.
const MANAGER_GRACE_MS = 30_000;
// A manager that lost its connection longer ago than this is not "reconnecting" any more.
const RECONNECTING_WITHIN_MS = 60_000;

/**
 * Whether a manager of the cluster may be about to connect: one joining (PENDING), connected but
 * not confirmed by its engine yet (READY), or disconnected within the last minute. A cluster whose
 * managers are all long gone, or that has none, has nothing to wait for: its deployments fail at
 * once instead of holding a worker's slot for the grace period each.
 */
async function managerMayConnect(clusterId: string): Promise<boolean> {
  const since = new Date(Date.now() - RECONNECTING_WITHIN_MS);
  const count = await prisma.node.count({
    where: {
      ...managersOf(clusterId),
      OR: [{ status: { in: ["PENDING", "READY"] } }, { status: "UNREACHABLE", statusChangedAt: { gt: since } }],
    },
  });
  return count > 0;
}

/**
 * findManager for a deployment: a manager that is reconnecting (its agent restarted, its link came
 * back) is waited for up to 30 s, announced once through `onWait`, instead of failing at once.
 */
export async function awaitManager(
  clusterId: string,
  { onWait, graceMs = MANAGER_GRACE_MS }: { onWait?: () => Promise<void>; graceMs?: number } = {},
) {
  const deadline = Date.now() + graceMs;
  let announced = false;
  for (;;) {
    try {
      return await findManager(clusterId);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "UNAVAILABLE" || Date.now() >= deadline) throw err;
      if (!(await managerMayConnect(clusterId))) throw err;
      if (!announced) {
        announced = true;
        await onWait?.();
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
