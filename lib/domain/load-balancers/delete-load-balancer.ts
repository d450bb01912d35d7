import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { LoadBalancer } from "@prisma/client";
import type { LbProtocol } from "@/lib/drivers/lb/types";
import type { Logger } from "@/lib/logger";
import { auditChange } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { describeUsers, usersOfLoadBalancer } from "./lb-bindings";
import { lbDriver } from "../traffic/lb-driver";
import { lbDriverKind, toLbHandle } from "../traffic/lb-handle";
import { settle } from "./with-timeout";
import { lockCluster } from "./lock-cluster";

/** A node or cloud that does not answer must not hold the request long. */
const RELEASE_TIMEOUT_MS = 15_000;

/**
 * Deletes a load balancer no application binds any more (409 names the ones that do), then
 * releases what Wharf made on it: its listeners, and on HAProxy nodes the processes themselves.
 */
export async function deleteLoadBalancer({ ctx, loadBalancerId, log }: { ctx: OrgContext; loadBalancerId: string; log?: Logger }) {
  const deleted = await prisma.$transaction(async (tx) => {
    const lb = await tx.loadBalancer.findFirst({ where: { id: loadBalancerId, orgId: ctx.orgId } });
    if (!lb) throw notFound("Load balancer");
    await lockCluster(tx, ctx.orgId, lb.clusterId);
    const users = await usersOfLoadBalancer({
      db: tx,
      orgId: ctx.orgId,
      clusterId: lb.clusterId,
      names: [lb.name, lb.id],
      routing: lb.routing,
    });
    if (users.length) {
      throw new AppError(
        "CONFLICT",
        `${lb.name} is still used by ${describeUsers(users)}; remove those labels (deploy a new version) or delete those applications first`,
        { users },
      );
    }
    await tx.loadBalancer.delete({ where: { id: lb.id } });
    await markTrafficChanged(lb.clusterId, tx);
    await auditChange(tx, ctx, "load-balancer.delete", lb.id, {
      cluster: lb.clusterId,
      name: lb.name,
      driver: lbDriverKind(lb.driver),
      routing: lb.routing,
    });
    return lb;
  });
  const clusterId = deleted.clusterId;
  await releaseLoadBalancer(deleted, log);
  await enqueueTrafficSync(clusterId, log);
  return { ok: true as const };
}

/**
 * After the row is gone (so no sync puts anything back): remove the listeners Wharf applied and
 * let the driver drop what it runs (HAProxy processes on the wharf.lb nodes). Best effort: the
 * delete stands when a node or a cloud does not answer, and the failure is logged for the operator.
 */
async function releaseLoadBalancer(lb: LoadBalancer, log?: Logger): Promise<void> {
  const driver = lbDriver(lbDriverKind(lb.driver));
  const handle = toLbHandle(lb);
  const applied = (lb.applied ?? null) as { specs?: Array<{ port: number; protocol: LbProtocol }> } | null;
  const outcome = await settle(
    async () => {
      for (const spec of applied?.specs ?? []) await driver.deleteListener(handle, { port: spec.port, protocol: spec.protocol });
      await driver.release?.(handle);
    },
    RELEASE_TIMEOUT_MS,
    `Releasing ${lb.name}`,
  );
  if (!outcome.ok) log?.warn({ loadBalancer: lb.name, error: outcome.error }, "load balancer deleted, but what it ran was not released");
}
