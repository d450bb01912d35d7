import { busKeys } from "@/lib/agent-bus/keys";
import type { CommandDone } from "@/lib/agent-bus/messages";
import { publishSealed } from "@/lib/agent-bus/sealed";
import { prisma, Prisma } from "@/lib/db";
import { redactCommandResult } from "@/lib/protocol/command-redaction";

export type RecordResultOptions = {
  nodeId: string;
  commandId: string;
  ok: boolean;
  result?: unknown;
  error?: { message: string; code?: string };
};

/**
 * Stores an agent's answer to a command — only for a command addressed to that very node and still
 * open — and wakes whoever waits for it. Secrets are stored redacted (command-redaction); the
 * waiter gets the whole result, sealed on the bus.
 */
export async function recordCommandResult({ nodeId, commandId, ok, result, error }: RecordResultOptions): Promise<boolean> {
  const command = await prisma.command.findFirst({ where: { id: commandId, nodeId }, select: { type: true, status: true } });
  if (!command) return false; // not this node's command: ignore, never reveal
  const status = ok ? "SUCCEEDED" : "FAILED";
  const message = error ? `${error.code ? `${error.code}: ` : ""}${error.message}` : null;
  const stored = redactCommandResult(command.type, result);
  const updated = await prisma.command.updateMany({
    where: { id: commandId, nodeId, status: { in: ["PENDING", "SENT"] } },
    data: {
      status,
      result: stored === undefined ? Prisma.JsonNull : (stored as Prisma.InputJsonValue),
      error: message,
      finishedAt: new Date(),
    },
  });
  if (updated.count === 0) return false; // already finished (timed out, or a replayed answer)
  const done: CommandDone = { id: commandId, status, result, error: message };
  await publishSealed(busKeys.resultsChannel(), done);
  return true;
}
