import { prisma } from "@/lib/db";

/** The Swarm names the cluster's live applications run their services under (an adoption's among them). */
export async function claimedSwarmNames(clusterId: string): Promise<Set<string>> {
  const rows = await prisma.appService.findMany({
    where: { application: { clusterId, deletedAt: null } },
    select: { swarmName: true },
  });
  return new Set(rows.map((row) => row.swarmName));
}
