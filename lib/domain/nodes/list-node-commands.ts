import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

/** Command history of a node (payloads and results are stored with secrets redacted). */
export async function listNodeCommands({ orgId, nodeId, page }: { orgId: string; nodeId: string; page: PaginationQuery }) {
  const node = await prisma.node.findFirst({ where: { id: nodeId, orgId }, select: { id: true } });
  if (!node) throw notFound("Node");
  const rows = await prisma.command.findMany({
    where: { nodeId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, type: true, status: true, payload: true, result: true, error: true, createdAt: true, sentAt: true, finishedAt: true },
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
