import { busKeys } from "@/lib/agent-bus/keys";
import type { CommandDone } from "@/lib/agent-bus/messages";
import { publishSealed } from "@/lib/agent-bus/sealed";
import { prisma, Prisma } from "@/lib/db";
import { storedPayloadIsWhole } from "@/lib/protocol/command-redaction";
import type { CommandMessage } from "@/lib/protocol/messages";

/**
 * Why a secret-bearing command owed to a node that reconnected is closed: its payload was stored
 * redacted, so it cannot be replayed. Its sender retries with fresh values; sendCommand reports it
 * as the node being unavailable (a transient failure), not as the command failing on the node.
 */
export const UNDELIVERED_WHILE_OFFLINE = "Not delivered while the node was offline; it will be retried";

export type DeliverableOptions = {
  nodeId: string;
  /**
   * The node stayed connected and only Redis lost its route: SENT commands reached its connection
   * already, and a secret-bearing one never delivered is still held whole by its sender, which
   * publishes it again (sendCommand); only replayable PENDING ones are owed.
   */
  routeRestored?: boolean;
};

/**
 * Commands still owed to a node that just connected, oldest first. Expired ones are closed as
 * timed out; ones whose secrets were never stored cannot be replayed and are failed so the caller
 * (a reconcile, a traffic sync) retries with fresh values. Each one closed here is also announced
 * on the results channel: its sender may still be waiting (it published to a gateway that died
 * before the node came back), and would otherwise wait out its whole timeout, holding its job's
 * place meanwhile.
 */
export async function deliverableCommands({ nodeId, routeRestored = false }: DeliverableOptions): Promise<CommandMessage[]> {
  const open = await prisma.command.findMany({
    where: { nodeId, status: { in: routeRestored ? ["PENDING"] : ["PENDING", "SENT"] } },
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
    else if (!secret) out.push({ type: "command", id: c.id, command: c.type, payload: c.payload, timeoutMs: remaining });
    else if (!routeRestored) undeliverable.push(c.id);
  }
  await close(expired, { status: "TIMED_OUT", error: "The node did not answer in time" });
  await close(undeliverable, { status: "FAILED", error: UNDELIVERED_WHILE_OFFLINE });
  return out;
}

async function close(ids: string[], { status, error }: { status: "TIMED_OUT" | "FAILED"; error: string }): Promise<void> {
  for (const id of ids) {
    const closed = await prisma.command.updateMany({
      where: { id, status: { in: ["PENDING", "SENT"] } },
      data: { status, finishedAt: new Date(), error, ...(status === "FAILED" ? { result: Prisma.JsonNull } : {}) },
    });
    if (closed.count === 0) continue; // answered or closed meanwhile: that announced it
    const done: CommandDone = { id, status, error };
    await publishSealed(busKeys.resultsChannel(), done);
  }
}
