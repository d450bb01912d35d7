import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { lbSelect, lbView } from "./lb-view";

export async function getLoadBalancer({ orgId, loadBalancerId }: { orgId: string; loadBalancerId: string }) {
  const row = await prisma.loadBalancer.findFirst({ where: { id: loadBalancerId, orgId }, select: lbSelect });
  if (!row) throw notFound("Load balancer");
  return lbView(row);
}
