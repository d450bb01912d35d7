import type { Actor } from "@/lib/auth/context";
import { prisma, type DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { clusterSelect, emptyNodeCounts, type ClusterView } from "./cluster-view";

export type CreateClusterOptions = { orgId: string; actor: Actor; name: string; description?: string; db?: DbClient };

export async function createCluster({ orgId, actor, name, description = "", db = prisma }: CreateClusterOptions): Promise<ClusterView> {
  const exists = await db.cluster.findFirst({ where: { orgId, name }, select: { id: true } });
  if (exists) throw new AppError("CONFLICT", `A cluster named ${name} already exists`);
  const cluster = await db.cluster.create({ data: { orgId, name, description }, select: clusterSelect });
  await recordAudit({ db, orgId, actor, action: "cluster.create", targetType: "cluster", targetId: cluster.id, details: { name } });
  // created a moment ago: no node can have joined it yet
  return { ...cluster, nodeCounts: emptyNodeCounts() };
}
