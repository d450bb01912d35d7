import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { inventorySchema } from "@/lib/protocol/inventory";

/**
 * A connected manager of the cluster: services are created, updated and inspected through it.
 * Prefers the swarm leader.
 */
export async function findManager(clusterId: string) {
  const nodes = await prisma.node.findMany({
    where: { clusterId, removedAt: null, removeRequestedAt: null, status: "READY" },
    orderBy: [{ swarmLeader: "desc" }, { createdAt: "asc" }],
    select: { id: true, hostname: true, inventory: true, swarmRole: true },
  });
  const manager = nodes.find((n) => {
    const inv = inventorySchema.safeParse(n.inventory);
    return (inv.success && inv.data.swarm.state === "active" && inv.data.swarm.isManager) || n.swarmRole === "MANAGER";
  });
  if (!manager) {
    const cluster = await prisma.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
    throw new AppError("UNAVAILABLE", `No connected manager node in cluster ${cluster?.name ?? clusterId}; start its agent or add a machine`);
  }
  return { id: manager.id, hostname: manager.hostname };
}

/** Every connected node of the cluster (volumes live on each node that ran a task). */
export async function connectedNodes(clusterId: string) {
  return prisma.node.findMany({ where: { clusterId, removedAt: null, status: "READY" }, select: { id: true, hostname: true } });
}
