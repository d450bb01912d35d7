/**
 * One agent's WebSocket: hello → welcome, heartbeats, inventory updates, command delivery and
 * results. The node's identity comes from its credential (checked at upgrade), never from what
 * it says, so an agent can only ever receive and answer its own node's commands.
 */
import type { WebSocket } from "ws";
import type { AgentIdentity } from "@/lib/domain/agents/authenticate-agent";
import { recordDisconnect } from "@/lib/domain/agents/record-disconnect";
import { recordInventory } from "@/lib/domain/agents/record-inventory";
import { deliverableCommands } from "@/lib/domain/commands/deliverable-commands";
import { markCommandsSent } from "@/lib/domain/commands/mark-commands-sent";
import { recordCommandResult } from "@/lib/domain/commands/record-command-result";
import { busKeys } from "@/lib/agent-bus/keys";
import type { Logger } from "@/lib/logger";
import { agentMessageSchema, type AgentMessage, type CommandMessage, type GatewayMessage } from "@/lib/protocol/messages";
import { CLOSE_CODES, PROTOCOL_VERSION } from "@/lib/protocol/version";
import { enqueue } from "@/lib/queue/enqueue";
import { clusterReconcileJob } from "@/lib/queue/jobs";
import { redis } from "@/lib/redis";
import type { ConnectionRegistry } from "./connection-registry";
import type { LivenessBatcher } from "./liveness-batcher";

export type ConnectionDeps = {
  registry: ConnectionRegistry<AgentConnection>;
  liveness: LivenessBatcher;
  heartbeatIntervalMs: number;
  log: Logger;
  stats: { messages: number; commandsRelayed: number };
};

export class AgentConnection {
  readonly nodeId: string;
  private greeted = false;
  private inventoryHash: string | null;
  private readonly log: Logger;
  /** Set on shutdown: the node is not "disconnected", it will reconnect elsewhere. */
  private leaving = false;
  /** Messages are handled one after another, in order (hello must finish before the rest). */
  private queue: Promise<void> = Promise.resolve();
  private readonly helloTimer: NodeJS.Timeout;
  /** Streams started on this connection; lines for any other stream id are dropped. */
  private readonly streams = new Set<string>();

  constructor(
    private readonly ws: WebSocket,
    private readonly identity: AgentIdentity,
    private readonly deps: ConnectionDeps,
  ) {
    this.nodeId = identity.nodeId;
    this.inventoryHash = identity.inventoryHash;
    this.log = deps.log.child({ agentId: identity.nodeId, host: identity.hostname });
    ws.on("message", (data) => {
      const raw = data.toString();
      this.queue = this.queue.then(() => this.onRaw(raw));
    });
    ws.on("close", () => {
      clearTimeout(this.helloTimer);
      this.queue = this.queue.then(() => this.onClose());
    });
    this.helloTimer = setTimeout(() => !this.greeted && this.close(CLOSE_CODES.invalidMessage, "no hello within 15 s"), 15_000);
    ws.on("error", (err) => this.log.warn({ err }, "agent socket error"));
  }

  send(message: GatewayMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  deliver(commands: CommandMessage[]): void {
    if (!this.greeted || commands.length === 0) return;
    for (const c of commands) {
      // Only streams this gateway asked for may send lines back (see the "stream" message).
      if (c.command === "logs.start") {
        const streamId = (c.payload as { streamId?: unknown } | null)?.streamId;
        if (typeof streamId === "string") this.streams.add(streamId);
      }
      this.send(c);
    }
    this.deps.stats.commandsRelayed += commands.length;
    markCommandsSent({ ids: commands.map((c) => c.id) }).catch((err: unknown) => this.log.warn({ err }, "could not mark commands sent"));
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  goingAway(): void {
    this.leaving = true;
    this.ws.close(1001, "gateway shutting down");
  }

  private async onRaw(raw: string) {
    this.deps.stats.messages++;
    let message: AgentMessage;
    try {
      const parsed = agentMessageSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid message");
      message = parsed.data;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, "invalid message from agent");
      this.close(CLOSE_CODES.invalidMessage, "invalid message");
      return;
    }
    if (!this.greeted && message.type !== "hello") {
      this.close(CLOSE_CODES.invalidMessage, "hello expected first");
      return;
    }
    try {
      await this.handle(message);
    } catch (err) {
      this.log.error({ err, type: message.type }, "failed to handle agent message");
    }
  }

  private async handle(message: AgentMessage) {
    switch (message.type) {
      case "hello": {
        const { changed, hash } = await recordInventory({
          nodeId: this.nodeId, inventory: message.inventory, knownHash: this.inventoryHash, agentVersion: message.agentVersion, markReady: true,
        });
        this.inventoryHash = hash;
        await this.deps.registry.attach(this);
        this.deps.liveness.touch(this.nodeId);
        this.send({ type: "welcome", protocolVersion: PROTOCOL_VERSION, nodeId: this.nodeId, clusterId: this.identity.clusterId, heartbeatIntervalMs: this.deps.heartbeatIntervalMs });
        this.greeted = true;
        this.log.info({ changed }, "agent connected");
        this.deliver(await deliverableCommands({ nodeId: this.nodeId }));
        // A (re)connected node may need joining, relabelling, or may have changed swarm state.
        await enqueue(clusterReconcileJob, { clusterId: this.identity.clusterId });
        return;
      }
      case "heartbeat":
        this.deps.liveness.beat(this.nodeId, { at: Date.now(), usage: message.usage, containers: message.containers });
        return;
      case "inventory": {
        const { changed, hash } = await recordInventory({ nodeId: this.nodeId, inventory: message.inventory, knownHash: this.inventoryHash });
        this.inventoryHash = hash;
        if (changed) await enqueue(clusterReconcileJob, { clusterId: this.identity.clusterId });
        return;
      }
      case "result":
        await recordCommandResult({ nodeId: this.nodeId, commandId: message.commandId, ok: message.ok, result: message.result, error: message.error });
        return;
      case "stream": {
        if (!this.streams.has(message.streamId)) return;
        if (message.ended) this.streams.delete(message.streamId);
        await redis().publish(busKeys.streamChannel(message.streamId), JSON.stringify({ lines: message.lines, ended: message.ended, error: message.error }));
        return;
      }
    }
  }

  private async onClose() {
    for (const streamId of this.streams) {
      await redis().publish(busKeys.streamChannel(streamId), JSON.stringify({ lines: [], ended: true, error: "the node disconnected" })).catch(() => undefined);
    }
    this.streams.clear();
    const wasLive = await this.deps.registry.detach(this).catch(() => false);
    if (wasLive && !this.leaving) {
      await recordDisconnect({ nodeId: this.nodeId }).catch((err: unknown) => this.log.warn({ err }, "could not record disconnect"));
      this.log.info("agent disconnected");
    }
  }
}
