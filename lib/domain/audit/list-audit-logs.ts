import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

export async function listAuditLogs({ orgId, page, action }: { orgId: string; page: PaginationQuery; action?: string }) {
  const rows = await prisma.auditLog.findMany({
    where: { orgId, ...(action ? { action: { startsWith: action } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      actorType: true,
      actorId: true,
      actorLabel: true,
      action: true,
      targetType: true,
      targetId: true,
      ip: true,
      userAgent: true,
      details: true,
      createdAt: true,
    },
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
