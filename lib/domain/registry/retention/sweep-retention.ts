import { prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { registryRetentionRunJob } from "@/lib/queue/jobs";

/** Scheduled: one retention run per organisation that has enabled rules. */
export async function sweepRetention(): Promise<number> {
  const orgs = await prisma.retentionRule.findMany({ where: { enabled: true }, distinct: ["orgId"], select: { orgId: true } });
  for (const { orgId } of orgs) await enqueue(registryRetentionRunJob, { orgId });
  return orgs.length;
}
