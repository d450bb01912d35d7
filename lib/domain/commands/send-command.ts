import { randomUUID } from "node:crypto";
import { listenForResults, waitForResult } from "@/lib/agent-bus/command-results";
import { busKeys } from "@/lib/agent-bus/keys";
import type { GatewayDelivery } from "@/lib/agent-bus/messages";
import { prisma, Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { publishSealed } from "@/lib/agent-bus/sealed";
import { redactCommandPayload, storedPayloadIsWhole, storedResultIsWhole } from "@/lib/protocol/command-redaction";
import { COMMANDS, type CommandPayload, type CommandResult, type CommandType } from "@/lib/protocol/commands";
import { redis } from "@/lib/redis";

export type SendCommandOptions<T extends CommandType> = {
  nodeId: string;
  type: T;
  payload: CommandPayload<T>;
  /** Same key, same command: a retried job does not run the command twice. */
  idempotencyKey?: string;
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Sends a command to a node's agent and waits for its result. The command is stored in Postgres
 * before the agent sees it; delivery goes through Redis to whichever gateway holds the node.
 */
export async function sendCommand<T extends CommandType>(options: SendCommandOptions<T>): Promise<CommandResult<T>> {
  const { nodeId, type, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const definition = COMMANDS[type];
  const payload = definition.payload.parse(options.payload) as unknown;
  const node = await prisma.node.findFirst({ where: { id: nodeId, removedAt: null }, select: { id: true, orgId: true, clusterId: true, hostname: true } });
  if (!node) throw notFound("Node");
  const gatewayId = await redis().hget(busKeys.nodeGateway(), nodeId);
  // A secret-bearing command (stored redacted) cannot wait in the database for the node to come back.
  if (!storedPayloadIsWhole(type) && !gatewayId) throw offline(node.hostname);

  await listenForResults();
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const command = await prisma.command.upsert({
    where: { nodeId_idempotencyKey: { nodeId, idempotencyKey } },
    create: {
      orgId: node.orgId, clusterId: node.clusterId, nodeId, type, idempotencyKey, timeoutMs,
      payload: redactCommandPayload(type, payload) as Prisma.InputJsonValue,
    },
    update: {},
    select: { id: true, status: true, result: true, error: true },
  });
  if (command.status === "SUCCEEDED") {
    // A retried caller gets the stored result, unless secrets were redacted from it.
    const cached = definition.result.safeParse(command.result);
    if (cached.success && storedResultIsWhole(type)) return cached.data as CommandResult<T>;
    throw new AppError("CONFLICT", `${type} already ran on node ${node.hostname} with this idempotency key; its result is not kept`, { command: type });
  }
  if (command.status !== "PENDING" && command.status !== "SENT") throw failed(node.hostname, type, command.error);

  const waiter = waitForResult(command.id, timeoutMs + 2_000);
  if (gatewayId) {
    const delivery: GatewayDelivery = { nodeId, message: { type: "command", id: command.id, command: type, payload, timeoutMs } };
    await publishSealed(busKeys.gatewayChannel(gatewayId), delivery);
  }
  const done = await waiter.promise;
  if (!done) {
    await prisma.command.updateMany({
      where: { id: command.id, status: { in: ["PENDING", "SENT"] } },
      data: { status: "TIMED_OUT", finishedAt: new Date(), error: `No answer within ${Math.round(timeoutMs / 1000)} s` },
    });
    throw new AppError("UNAVAILABLE", `Node ${node.hostname} did not answer ${type} within ${Math.round(timeoutMs / 1000)} s`, { nodeId, command: type });
  }
  if (done.status !== "SUCCEEDED") throw failed(node.hostname, type, done.error ?? null);
  const parsed = definition.result.safeParse(done.result);
  if (!parsed.success) throw new AppError("UPSTREAM_FAILED", `Node ${node.hostname} answered ${type} with an unexpected result`, { nodeId });
  return parsed.data as CommandResult<T>;
}

const offline = (hostname: string) => new AppError("UNAVAILABLE", `Node ${hostname} is not connected`);

function failed(hostname: string, type: string, error: string | null) {
  return new AppError("UPSTREAM_FAILED", `${type} failed on node ${hostname}: ${error ?? "unknown error"}`, { command: type });
}
