import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { auditChange } from "../audit/record-audit";
import { lbDriver } from "../traffic/lb-driver";
import { lbDriverKind, toLbHandle } from "../traffic/lb-handle";
import { settle } from "./with-timeout";

/** A cloud API answers well within this; a hung endpoint must not hold the request. */
const TEST_TIMEOUT_MS = 20_000;

/**
 * "Test connection": the driver checks the stored settings and credentials against the real API
 * (an overridden endpoint goes through the outbound policy first). Any failure, the policy's
 * included, is an answer with ok false and the reason, not an error.
 */
export async function testLoadBalancer({ ctx, loadBalancerId }: { ctx: OrgContext; loadBalancerId: string }) {
  const lb = await prisma.loadBalancer.findFirst({
    where: { id: loadBalancerId, orgId: ctx.orgId },
    select: { id: true, name: true, clusterId: true, driver: true, settings: true, credentialsEnc: true },
  });
  if (!lb) throw notFound("Load balancer");
  const kind = lbDriverKind(lb.driver);
  const outcome = await settle(() => lbDriver(kind).testConnection(toLbHandle(lb)), TEST_TIMEOUT_MS, `The ${kind} API`);
  const result = outcome.ok ? outcome.value : { ok: false, message: outcome.error };
  await auditChange(prisma, ctx, "load-balancer.test", lb.id, { name: lb.name, ok: result.ok });
  return { ok: result.ok, message: result.message, testedAt: new Date() };
}
