import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { lbDriverKind } from "../traffic/lb-handle";
import { lbSelect, lbView } from "./lb-view";
import { liveReads } from "./live-reads";

/** The console polls this; a slow balancer shows "did not answer" rather than a spinner. */
export const LIVE_READ_TIMEOUT_MS = 4_000;

/**
 * A load balancer with its last sync and what that applied (from the row), plus what the balancer
 * holds and counts now (driver.describe / driver.stats), each read on its own with a deadline
 * (shared briefly between callers: live-reads.ts).
 */
export async function getLoadBalancerStatus({ orgId, loadBalancerId }: { orgId: string; loadBalancerId: string }) {
  const row = await prisma.loadBalancer.findFirst({ where: { id: loadBalancerId, orgId }, select: lbSelect });
  if (!row) throw notFound("Load balancer");
  const kind = lbDriverKind(row.driver);
  const { observed, stats } = await liveReads(row, kind, LIVE_READ_TIMEOUT_MS);
  return {
    loadBalancer: lbView(row),
    readAt: new Date(),
    observed: observed.ok ? observed.value : null,
    observedError: observed.ok ? null : observed.error,
    stats: stats.ok ? stats.value : null,
    statsError: stats.ok ? null : stats.error,
  };
}
