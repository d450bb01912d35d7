import { z } from "zod";
import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { nodeSelect, toNodeViews } from "./node-view";

const requestDetailsSchema = z.object({ hostname: z.string(), tokenRole: z.enum(["WORKER", "MANAGER"]) });

export type GetNodeOptions = {
  orgId: string;
  nodeId: string;
  /** A removed node's page stays readable: its machine may ask to join again. */
  includeRemoved?: boolean;
  db?: DbClient;
};

export async function getNode({ orgId, nodeId, includeRemoved = false, db = prisma }: GetNodeOptions) {
  const row = await db.node.findFirst({ where: { id: nodeId, orgId, ...(includeRemoved ? {} : { removedAt: null }) }, select: nodeSelect });
  if (!row) throw notFound("Node");
  const [view] = await toNodeViews([row]);
  if (!row.rejoinRequestedAt) return view;
  // Where the pending request came from, so an admin can tell a reinstall from someone else's claim.
  const audit = await db.auditLog.findFirst({
    where: { orgId, action: "node.rejoin-request", targetType: "node", targetId: row.id },
    orderBy: { createdAt: "desc" },
    select: { ip: true, details: true },
  });
  const details = requestDetailsSchema.safeParse(audit?.details);
  return { ...view, rejoinRequestFrom: audit && details.success ? { ip: audit.ip, ...details.data } : null };
}
