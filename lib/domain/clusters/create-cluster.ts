import type { Actor } from "@/lib/auth/context";
import { prisma, type DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { assertWithinQuota } from "../quotas/assert-within-quota";
import { clusterSelect, toClusterView, type ClusterView } from "./cluster-view";

export type CreateClusterOptions = {
  orgId: string;
  actor: Actor;
  name: string;
  description?: string;
  db?: DbClient;
  /** False for the installation's own "local" cluster, which the system creates at the first sign-up. */
  enforceQuota?: boolean;
  /** The cluster whose machine runs Wharf itself: its workload policy is always strict. */
  controlPlaneHost?: boolean;
};

/** Creates a cluster within the organisation's cluster quota (checked and inserted in one transaction). */
export async function createCluster(options: CreateClusterOptions): Promise<ClusterView> {
  const db = options.db ?? prisma;
  // The quota check locks per organisation until the insert commits: run both in one transaction.
  if ("$transaction" in db) return db.$transaction((tx) => insertCluster({ ...options, db: tx }));
  return insertCluster({ ...options, db });
}

async function insertCluster({
  orgId,
  actor,
  name,
  description = "",
  db,
  enforceQuota = true,
  controlPlaneHost = false,
}: CreateClusterOptions & { db: DbClient }): Promise<ClusterView> {
  if (enforceQuota) await assertWithinQuota({ orgId, kind: "clusters", db });
  const exists = await db.cluster.findFirst({ where: { orgId, name }, select: { id: true } });
  if (exists) throw new AppError("CONFLICT", `A cluster named ${name} already exists`);
  const cluster = await db.cluster.create({ data: { orgId, name, description, controlPlaneHost }, select: clusterSelect });
  await recordAudit({ db, orgId, actor, action: "cluster.create", targetType: "cluster", targetId: cluster.id, details: { name } });
  // created a moment ago: no node can have joined it yet
  return toClusterView(cluster);
}
