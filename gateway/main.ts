/**
 * The agent gateway process. Agents on customers' machines connect OUT to it over one WebSocket;
 * it authenticates them, keeps liveness in Redis, relays commands from workers (Redis pub/sub)
 * and stores results. Several gateways can run behind a TCP load balancer: each registers which
 * nodes it holds, and commands are published to the holding gateway's channel.
 */
import "dotenv/config";
import { hostname } from "node:os";
import { busKeys } from "@/lib/agent-bus/keys";
import { controlMessageSchema, gatewayDeliverySchema } from "@/lib/agent-bus/messages";
import { ReplayGuard } from "@/lib/agent-bus/replay-guard";
import { refuseBusMessage, subscribeSealed } from "@/lib/agent-bus/sealed";
import { closeSubscriber } from "@/lib/agent-bus/subscriber";
import { prisma } from "@/lib/db";
import { deliverableCommands } from "@/lib/domain/commands/deliverable-commands";
import { ApplicationResolver } from "@/lib/domain/logs/application-resolver";
import { assertEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { closeQueues } from "@/lib/queue/enqueue";
import { redis } from "@/lib/redis";
import type { AgentConnection, GatewayStats } from "./agent-connection";
import { budgetSettings } from "./agent-budget";
import { ConnectionRegistry } from "./connection-registry";
import { LivenessBatcher } from "./liveness-batcher";
import { MetricsStore } from "./metrics-store";
import { createGatewayServer } from "./server";

/** How often the node → gateway mapping is written back if Redis lost it. */
const REASSERT_MS = 5_000;

async function main() {
  const env = assertEnv();
  const gatewayId = env.GATEWAY_ID ?? `${hostname()}-${process.pid}`;
  const log = logger.child({ gatewayId });
  const registry = new ConnectionRegistry<AgentConnection>(gatewayId);
  const liveness = new LivenessBatcher(log);
  const stats: GatewayStats = {
    messages: 0,
    commandsRelayed: 0,
    inventoryWrites: 0,
    taskReports: 0,
    taskWrites: 0,
    metricsBatches: 0,
    logBatches: 0,
    logLines: 0,
    logDuplicates: 0,
    overBudget: 0,
    throttled: 0,
  };
  const { server, tls } = createGatewayServer({
    env,
    log,
    deps: {
      registry,
      liveness,
      metrics: new MetricsStore(),
      applications: new ApplicationResolver(),
      heartbeatIntervalMs: env.AGENT_HEARTBEAT_SECONDS * 1000,
      budgets: budgetSettings(env),
      log,
      stats,
    },
  });

  // Sealed messages only (lib/agent-bus/sealed.ts); on top of that a command id is delivered once,
  // so a re-sealed or re-published copy of a command never runs twice.
  const commandChannel = busKeys.gatewayChannel(gatewayId);
  const delivered = new ReplayGuard({ windowMs: env.BUS_MESSAGE_MAX_AGE_SECONDS * 1000 });
  await subscribeSealed(commandChannel, gatewayDeliverySchema, (delivery, { sealedAt }) => {
    // Delivered only to the connection of the node the command is addressed to. A node not held
    // here (it moved, or its connection dropped) is not a delivery: its sender publishes again to
    // wherever the node is, and that copy must not be refused as a replay.
    const conn = registry.get(delivery.nodeId);
    if (!conn) return;
    if (!delivered.accept(delivery.message.id, sealedAt))
      return refuseBusMessage(commandChannel, "replayed", `command ${delivery.message.id} was already delivered`);
    // Nobody waits for a command past its timeout any more: never start it late.
    if (sealedAt + delivery.message.timeoutMs < Date.now())
      return refuseBusMessage(commandChannel, "stale", `command ${delivery.message.id} timed out before delivery`);
    conn.deliver([delivery.message]);
  });
  await subscribeSealed(busKeys.controlChannel(), controlMessageSchema, (message) => registry.handleControl(message));
  liveness.start();
  // Redis may lose everything (it keeps nothing on disk): the node → gateway mapping is written back
  // every few seconds, so commands reach this gateway's nodes again without them reconnecting. A
  // command sent while the mapping was missing waits in PostgreSQL (as for an offline node): it is
  // delivered now, as on a reconnect, instead of waiting out its sender's timeout.
  const reassert = setInterval(() => {
    registry
      .reassert()
      .then(async (restored) => {
        if (restored.length === 0) return;
        log.warn({ nodes: restored.length }, "wrote back node mappings Redis had lost; delivering the commands they are owed");
        for (const conn of restored) conn.deliver(await deliverableCommands({ nodeId: conn.nodeId, routeRestored: true }));
      })
      .catch((err: unknown) => log.warn({ err }, "re-asserting node mappings failed"));
  }, REASSERT_MS);

  server.listen(env.GATEWAY_PORT, env.GATEWAY_HOST, () => {
    log.info({ port: env.GATEWAY_PORT, host: env.GATEWAY_HOST, tls }, "agent gateway listening");
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, connections: registry.size }, "gateway shutting down");
    server.close();
    clearInterval(reassert);
    await registry.releaseAll().catch(() => undefined);
    for (const conn of registry.all()) conn.goingAway();
    await liveness.stop();
    closeSubscriber();
    await closeQueues();
    await prisma.$disconnect();
    redis().disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, "gateway failed to start");
  process.exit(1);
});
