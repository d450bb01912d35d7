import type { Prisma } from "@prisma/client";
import type { LbDriverKind } from "@/lib/drivers/lb/types";
import { AppError } from "@/lib/errors";

/**
 * `routing: true` marks the cluster's HTTP routing tier: HAProxy only (it routes by Host header on
 * the nodes labelled wharf.lb=true), and one per cluster, since every routing rule of the cluster
 * lands on it. Call inside the transaction that holds the cluster lock.
 */
export async function assertRoutingAllowed(
  tx: Prisma.TransactionClient,
  o: { clusterId: string; kind: LbDriverKind; exceptId?: string },
): Promise<void> {
  if (o.kind !== "haproxy") {
    throw new AppError(
      "BAD_REQUEST",
      "Only an HAProxy load balancer can be the cluster's routing tier (routing.port_* virtual hosts need Host-header routing on the cluster's own nodes)",
      [{ path: "body.routing", message: "only HAProxy load balancers can route" }],
    );
  }
  const other = await tx.loadBalancer.findFirst({
    where: { clusterId: o.clusterId, routing: true, ...(o.exceptId ? { id: { not: o.exceptId } } : {}) },
    select: { name: true },
  });
  if (other) {
    throw new AppError(
      "BAD_REQUEST",
      `${other.name} is already this cluster's routing load balancer; a cluster has one (turn routing off there first)`,
      [{ path: "body.routing", message: `${other.name} already routes for this cluster` }],
    );
  }
}
