import { prisma, Prisma } from "@/lib/db";
import { storedPayloadIsWhole } from "@/lib/protocol/command-redaction";
import type { CommandMessage } from "@/lib/protocol/messages";

/**
 * Commands still owed to a node that just connected, oldest first. Expired ones are closed as
 * timed out; ones whose secrets were never stored cannot be replayed and are failed so the caller
 * (a reconcile) retries with fresh values.
 */
export async function deliverableCommands({ nodeId }: { nodeId: string }): Promise<CommandMessage[]> {
  const open = await prisma.command.findMany({
    where: { nodeId, status: { in: ["PENDING", "SENT"] } },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true, type: true, payload: true, timeoutMs: true, createdAt: true },
  });
  const now = Date.now();
  const out: CommandMessage[] = [];
  const expired: string[] = [];
  const undeliverable: string[] = [];
  for (const c of open) {
    const remaining = c.createdAt.getTime() + c.timeoutMs - now;
    const secret = !storedPayloadIsWhole(c.type);
    if (remaining <= 0) expired.push(c.id);
    else if (secret) undeliverable.push(c.id);
    else out.push({ type: "command", id: c.id, command: c.type, payload: c.payload, timeoutMs: remaining });
  }
  if (expired.length > 0) {
    await prisma.command.updateMany({
      where: { id: { in: expired }, status: { in: ["PENDING", "SENT"] } },
      data: { status: "TIMED_OUT", finishedAt: new Date(), error: "The node did not answer in time" },
    });
  }
  if (undeliverable.length > 0) {
    await prisma.command.updateMany({
      where: { id: { in: undeliverable }, status: { in: ["PENDING", "SENT"] } },
      data: { status: "FAILED", finishedAt: new Date(), error: "Not delivered while the node was offline; it will be retried", result: Prisma.JsonNull },
    });
  }
  return out;
}
