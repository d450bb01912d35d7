import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { redactCommandPayload, redactCommandResult } from "@/lib/protocol/command-redaction";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";

/**
 * Command history of a node, for admins (permission nodes.commands.read). Payloads and results
 * are stored redacted; they are redacted again on the way out, so rows stored before a redaction
 * rule existed never show what it hides.
 */
export async function listNodeCommands({ orgId, nodeId, page }: { orgId: string; nodeId: string; page: PaginationQuery }) {
  const node = await prisma.node.findFirst({ where: { id: nodeId, orgId }, select: { id: true } });
  if (!node) throw notFound("Node");
  const rows = await prisma.command.findMany({
    where: { nodeId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      type: true,
      status: true,
      payload: true,
      result: true,
      error: true,
      createdAt: true,
      sentAt: true,
      finishedAt: true,
    },
    ...pageArgs(page),
  });
  const redacted = rows.map((row) => ({
    ...row,
    payload: redactCommandPayload(row.type, row.payload),
    result: row.result === null ? null : redactCommandResult(row.type, row.result),
  }));
  return toPage(redacted, page);
}
