import type { Actor } from "@/lib/auth/context";
import { prisma, type DbClient } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { clusterSelect, withNodeCounts } from "./cluster-view";

export type CreateClusterOptions = { orgId: string; actor: Actor; name: string; description?: string; db?: DbClient };

export async function createCluster({ orgId, actor, name, description = "", db = prisma }: CreateClusterOptions) {
  const exists = await db.cluster.findFirst({ where: { orgId, name }, select: { id: true } });
  if (exists) throw new AppError("CONFLICT", `A cluster named ${name} already exists`);
  const cluster = await db.cluster.create({ data: { orgId, name, description }, select: clusterSelect });
  await recordAudit({ db, orgId, actor, action: "cluster.create", targetType: "cluster", targetId: cluster.id, details: { name } });
  const [view] = await withNodeCounts([cluster], db);
  return view ?? { ...cluster, nodeCounts: { total: 0, READY: 0, UNREACHABLE: 0, DOWN: 0, PENDING: 0 } };
}
