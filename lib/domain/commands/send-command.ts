import { randomUUID } from "node:crypto";
import { listenForResults, waitForResult } from "@/lib/agent-bus/command-results";
import { busKeys } from "@/lib/agent-bus/keys";
import type { CommandDone, GatewayDelivery } from "@/lib/agent-bus/messages";
import { prisma, Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { publishSealed } from "@/lib/agent-bus/sealed";
import { redactCommandPayload, storedPayloadIsWhole, storedResultIsWhole } from "@/lib/protocol/command-redaction";
import { COMMANDS, type CommandPayload, type CommandResult, type CommandType } from "@/lib/protocol/commands";
import { UNDELIVERED_WHILE_OFFLINE } from "./deliverable-commands";
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
  const node = await prisma.node.findFirst({
    where: { id: nodeId, removedAt: null },
    select: { id: true, orgId: true, clusterId: true, hostname: true, status: true },
  });
  if (!node) throw notFound("Node");
  // A secret-bearing command (stored redacted) cannot wait in the database for the node to come
  // back. For a node the database calls Ready, a missing route may also be Redis having just lost
  // it: gateways write theirs back every 5 s, so it is given that long before the node counts as
  // not connected.
  const graceMs = !storedPayloadIsWhole(type) && node.status === "READY" ? ROUTE_GRACE_MS : 0;
  const gatewayId = await routeOf(nodeId, graceMs);
  if (!storedPayloadIsWhole(type) && !gatewayId) throw offline(node.hostname);

  await listenForResults();
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  const command = await prisma.command.upsert({
    where: { nodeId_idempotencyKey: { nodeId, idempotencyKey } },
    create: {
      orgId: node.orgId,
      clusterId: node.clusterId,
      nodeId,
      type,
      idempotencyKey,
      timeoutMs,
      payload: redactCommandPayload(type, payload) as Prisma.InputJsonValue,
    },
    update: {},
    select: { id: true, status: true, result: true, error: true },
  });
  if (command.status === "SUCCEEDED") {
    // A retried caller gets the stored result, unless secrets were redacted from it.
    const cached = definition.result.safeParse(command.result);
    if (cached.success && storedResultIsWhole(type)) return cached.data as CommandResult<T>;
    throw new AppError("CONFLICT", `${type} already ran on node ${node.hostname} with this idempotency key; its result is not kept`, {
      command: type,
    });
  }
  if (command.status !== "PENDING" && command.status !== "SENT") throw failed(node.hostname, type, command.error);

  const waiter = waitForResult(command.id, timeoutMs + 2_000);
  const delivery: GatewayDelivery = { nodeId, message: { type: "command", id: command.id, command: type, payload, timeoutMs } };
  if (gatewayId) await publishSealed(busKeys.gatewayChannel(gatewayId), delivery);
  const done = await untilAnswered(command.id, waiter, delivery, storedResultIsWhole(type));
  if (!done) {
    await prisma.command.updateMany({
      where: { id: command.id, status: { in: ["PENDING", "SENT"] } },
      data: { status: "TIMED_OUT", finishedAt: new Date(), error: `No answer within ${Math.round(timeoutMs / 1000)} s` },
    });
    throw new AppError("UNAVAILABLE", `Node ${node.hostname} did not answer ${type} within ${Math.round(timeoutMs / 1000)} s`, {
      nodeId,
      command: type,
    });
  }
  if (done.status !== "SUCCEEDED") throw failed(node.hostname, type, done.error ?? null);
  const parsed = definition.result.safeParse(done.result);
  if (!parsed.success)
    throw new AppError("UPSTREAM_FAILED", `Node ${node.hostname} answered ${type} with an unexpected result`, { nodeId });
  return parsed.data as CommandResult<T>;
}

// How often a waiting sender looks at the database and delivers again (see untilAnswered).
const RECHECK_MS = 3_000;
// A little over the gateways' re-assertion period (gateway/main.ts, 5 s).
const ROUTE_GRACE_MS = 6_000;

/** The gateway holding the node, waiting up to graceMs for a route Redis may just have lost. */
async function routeOf(nodeId: string, graceMs = 0): Promise<string | null> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const gatewayId = await redis().hget(busKeys.nodeGateway(), nodeId);
    if (gatewayId || Date.now() >= deadline) return gatewayId;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Waits for the result on the bus, and every few seconds also looks at the command's row: the
 * database is the record, the channel only makes waiting fast. Redis can lose a publish either way
 * (it restarted, or the node's gateway died with its route still there): an answer recorded in the
 * database is taken from there, and a command no gateway delivered is published again to whichever
 * gateway holds the node now. Delivering twice is safe: a gateway delivers an id once, and the
 * agent answers a repeated id with its stored result.
 */
async function untilAnswered(
  id: string,
  waiter: ReturnType<typeof waitForResult>,
  delivery: GatewayDelivery,
  wholeResult: boolean,
): Promise<CommandDone | null> {
  const sentAt = Date.now();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const recheck = new Promise<"recheck">((resolve) => {
      timer = setTimeout(() => resolve("recheck"), RECHECK_MS);
    });
    const first = await Promise.race([waiter.promise, recheck]);
    clearTimeout(timer);
    if (first !== "recheck") return first;
    const row = await prisma.command.findUnique({ where: { id }, select: { status: true, result: true, error: true } });
    if (row && row.status !== "PENDING" && row.status !== "SENT") {
      // The row is written before the answer is published: give one in flight a moment to land.
      const late = await Promise.race([waiter.promise, new Promise<"lost">((resolve) => setTimeout(() => resolve("lost"), 1_000))]);
      if (late !== "lost") return late;
      waiter.cancel();
      // A summarised result (services.status) cannot stand in for the answer: the caller asks again.
      if (row.status === "SUCCEEDED" && !wholeResult)
        return { id, status: "FAILED", error: "its answer was lost on the way back; ask again" };
      return { id, status: row.status, result: row.result, error: row.error };
    }
    // SENT: a gateway handed it to the node's connection; if that connection dropped, the node is
    // given it again when it reconnects (deliverableCommands). PENDING: no gateway delivered it.
    if (row?.status !== "PENDING") continue;
    const gatewayId = await routeOf(delivery.nodeId);
    const remainingMs = delivery.message.timeoutMs - (Date.now() - sentAt);
    if (gatewayId && remainingMs > RECHECK_MS) {
      await publishSealed(busKeys.gatewayChannel(gatewayId), { ...delivery, message: { ...delivery.message, timeoutMs: remainingMs } });
    }
  }
}

const offline = (hostname: string) => new AppError("UNAVAILABLE", `Node ${hostname} is not connected`);

/**
 * A command that ran and failed is the node's answer (UPSTREAM_FAILED); one that never reached the
 * node before it went offline is the node being unavailable, which callers retry instead of, say,
 * rolling a release back (a gateway killed while a deployment sends a secret-bearing spec).
 */
function failed(hostname: string, type: string, error: string | null) {
  const code = error === UNDELIVERED_WHILE_OFFLINE ? "UNAVAILABLE" : "UPSTREAM_FAILED";
  return new AppError(code, `${type} failed on node ${hostname}: ${error ?? "unknown error"}`, { command: type });
}
