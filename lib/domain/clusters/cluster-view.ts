import { prisma, type DbClient, type Prisma } from "@/lib/db";
import { effectivePolicy, type WorkloadPolicy } from "@/lib/protocol/workload-policy";

export const clusterSelect = {
  id: true,
  name: true,
  description: true,
  swarmId: true,
  managerAddr: true,
  createdAt: true,
  workloadPolicy: true,
  controlPlaneHost: true,
} as const;

type ClusterRow = {
  id: string;
  name: string;
  description: string;
  swarmId: string | null;
  managerAddr: string | null;
  createdAt: Date;
  workloadPolicy: Prisma.JsonValue | null;
  controlPlaneHost: boolean;
};

/** Node counts by status of a cluster without nodes. */
export const emptyNodeCounts = () => ({ total: 0, READY: 0, UNREACHABLE: 0, DOWN: 0, PENDING: 0 });

/** workloadPolicy is the effective one: always strict on the control-plane host, strict when none is stored. */
export type ClusterView = Omit<ClusterRow, "workloadPolicy"> & {
  workloadPolicy: WorkloadPolicy;
  nodeCounts: ReturnType<typeof emptyNodeCounts>;
};

export function toClusterView(row: ClusterRow, nodeCounts = emptyNodeCounts()): ClusterView {
  return { ...row, workloadPolicy: effectivePolicy(row.workloadPolicy, { controlPlaneHost: row.controlPlaneHost }), nodeCounts };
}

/** Clusters with their node counts by status, in one grouped query: one view per row, in order. */
export async function withNodeCounts(rows: [ClusterRow], db?: DbClient): Promise<[ClusterView]>;
export async function withNodeCounts(rows: ClusterRow[], db?: DbClient): Promise<ClusterView[]>;
export async function withNodeCounts(rows: ClusterRow[], db: DbClient = prisma): Promise<ClusterView[]> {
  if (rows.length === 0) return [];
  const groups = await db.node.groupBy({
    by: ["clusterId", "status"],
    where: { clusterId: { in: rows.map((r) => r.id) }, removedAt: null },
    _count: { _all: true },
  });
  return rows.map((row) => {
    const counts = emptyNodeCounts();
    for (const g of groups) {
      if (g.clusterId !== row.id) continue;
      counts[g.status] += g._count._all;
      counts.total += g._count._all;
    }
    return toClusterView(row, counts);
  });
}
