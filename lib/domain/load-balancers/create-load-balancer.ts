import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { CreateLoadBalancerInput } from "@/lib/schemas/load-balancers";
import { auditChange } from "../audit/record-audit";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { parseLbCredentials, parseLbSettings } from "./lb-config";
import { lbDriverEnum } from "../traffic/lb-handle";
import { lbSelect, lbView } from "./lb-view";
import { lockCluster } from "./lock-cluster";
import { assertRoutingAllowed } from "./routing-rules";

/**
 * Adds a load balancer to a cluster. Settings and credentials are checked against the driver before
 * anything is stored; credentials are encrypted and never returned or audited. The traffic sync
 * runs afterwards (bindings that named this balancer before it existed start to apply).
 */
export async function createLoadBalancer({
  ctx,
  clusterId,
  input,
  log,
}: {
  ctx: OrgContext;
  clusterId: string;
  input: CreateLoadBalancerInput;
  log?: Logger;
}) {
  const kind = input.driver;
  const settings = parseLbSettings(kind, input.settings ?? {});
  const credentials = parseLbCredentials(kind, input.credentials);
  const created = await prisma.$transaction(async (tx) => {
    await lockCluster(tx, ctx.orgId, clusterId);
    const taken = await tx.loadBalancer.findFirst({ where: { clusterId, name: input.name }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `This cluster already has a load balancer named ${input.name}`);
    if (input.routing) await assertRoutingAllowed(tx, { clusterId, kind });
    const row = await tx.loadBalancer.create({
      data: {
        orgId: ctx.orgId,
        clusterId,
        name: input.name,
        driver: lbDriverEnum(kind),
        description: input.description ?? "",
        settings: settings as Prisma.InputJsonValue,
        credentialsEnc: credentials ? encryptSecret(JSON.stringify(credentials)) : null,
        routing: input.routing ?? false,
      },
      select: lbSelect,
    });
    await markTrafficChanged(clusterId, tx);
    await auditChange(tx, ctx, "load-balancer.create", row.id, {
      cluster: clusterId,
      name: row.name,
      driver: kind,
      routing: row.routing,
      settings: settings as Prisma.InputJsonValue,
      credentials: credentials ? "stored (not recorded)" : "none",
    });
    return row;
  });
  await enqueueTrafficSync(clusterId, log);
  return lbView(created);
}
