import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { nodeLifecycle, rejoinApproved } from "./rejoin-approval";

/** Machines of the cluster asking to join again, newest request first (removed nodes included). */
export async function listRejoinRequests({ orgId, clusterId }: { orgId: string; clusterId: string }) {
  const cluster = await prisma.cluster.findFirst({ where: { id: clusterId, orgId }, select: { id: true } });
  if (!cluster) throw notFound("Cluster");
  const rows = await prisma.node.findMany({
    where: { clusterId, orgId, rejoinRequestedAt: { not: null } },
    orderBy: { rejoinRequestedAt: "desc" },
    take: 100,
    select: { id: true, hostname: true, removedAt: true, credentialRevokedAt: true, rejoinRequestedAt: true, rejoinApprovedAt: true },
  });
  return {
    items: rows.map((n) => ({
      nodeId: n.id,
      hostname: n.hostname,
      state: nodeLifecycle(n),
      requestedAt: n.rejoinRequestedAt as Date,
      approvedAt: rejoinApproved(n) ? n.rejoinApprovedAt : null,
    })),
  };
}
