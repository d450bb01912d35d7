import type { ClusterLoadBalancer } from "@/lib/compose";
import { prisma, type DbClient } from "@/lib/db";
import { lbDriverKind } from "../traffic/lb-handle";

/** A cluster's load balancers as the compose compiler checks bindings against them. */
export async function clusterLoadBalancers({
  orgId,
  clusterId,
  db = prisma,
}: {
  orgId: string;
  clusterId: string;
  db?: DbClient;
}): Promise<ClusterLoadBalancer[]> {
  const rows = await db.loadBalancer.findMany({
    where: { orgId, clusterId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, driver: true, routing: true },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, driver: lbDriverKind(r.driver), routing: r.routing }));
}
