/**
 * One agent's WebSocket: hello → welcome, heartbeats, inventory updates, command delivery and
 * results. The node's identity comes from its credential (checked at upgrade), never from what
 * it says, so an agent can only ever receive and answer its own node's commands. What it may send
 * is budgeted (agent-budget.ts): frames wait in a bounded queue (reading pauses while it is deep),
 * inventory writes are coalesced, and an agent over a message budget is disconnected. Metrics
 * batches are kept in memory (the latest per node) for Prometheus to scrape. Log batches are stored
 * in PostgreSQL and acknowledged (`logs.ack`) only once committed.
 */
import type { RawData, WebSocket } from "ws";
import type { AgentIdentity } from "@/lib/domain/agents/authenticate-agent";
import { recordDisconnect } from "@/lib/domain/agents/record-disconnect";
import { recordInventory } from "@/lib/domain/agents/record-inventory";
import { deliverableCommands } from "@/lib/domain/commands/deliverable-commands";
import { markCommandsSent } from "@/lib/domain/commands/mark-commands-sent";
import { recordCommandResult } from "@/lib/domain/commands/record-command-result";
import type { ApplicationResolver } from "@/lib/domain/logs/application-resolver";
import { ingestLogs } from "@/lib/domain/logs/ingest-logs";
import { recordNodeTasks } from "@/lib/domain/traffic/record-node-tasks";
import { busKeys } from "@/lib/agent-bus/keys";
import { publishSealed } from "@/lib/agent-bus/sealed";
import type { Logger } from "@/lib/logger";
import type { Inventory } from "@/lib/protocol/inventory";
import { agentMessageSchema, type AgentMessage, type CommandMessage, type GatewayMessage } from "@/lib/protocol/messages";
import { CLOSE_CODES, PROTOCOL_VERSION } from "@/lib/protocol/version";
import { enqueue } from "@/lib/queue/enqueue";
import { clusterReconcileJob } from "@/lib/queue/jobs";
import { AgentBudget, type BudgetSettings } from "./agent-budget";
import { Coalescer } from "./coalescer";
import type { ConnectionRegistry } from "./connection-registry";
import type { LivenessBatcher } from "./liveness-batcher";
import type { MetricsStore } from "./metrics-store";

export type ConnectionDeps = {
  registry: ConnectionRegistry<AgentConnection>;
  liveness: LivenessBatcher;
  /** Each node's latest metrics batch, for GET /metrics. */
  metrics: MetricsStore;
  /** Application ids of log lines by name, cached for the whole gateway. */
  applications: ApplicationResolver;
  heartbeatIntervalMs: number;
  budgets: BudgetSettings;
  log: Logger;
  stats: GatewayStats;
};

export type GatewayStats = {
  messages: number;
  commandsRelayed: number;
  inventoryWrites: number;
  /** Task snapshots received, and those that changed and were stored (identical re-sends are not written). */
  taskReports: number;
  taskWrites: number;
  metricsBatches: number;
  /** Log batches stored and acknowledged, their lines, and lines that were already stored (re-sent batches). */
  logBatches: number;
  logLines: number;
  logDuplicates: number;
  /** Connections closed for going over a budget (or sending a frame over the size limit). */
  overBudget: number;
  /** Times a connection's reading was paused (byte budget, or a deep queue). */
  throttled: number;
};

/** Reading pauses while this many frames (or twice the largest frame's bytes) wait to be handled. */
const QUEUE_MAX_FRAMES = 32;

export class AgentConnection {
  readonly nodeId: string;
  private greeted = false;
  private inventoryHash: string | null;
  /** Hash of the task snapshot last stored or found for this node; undefined until the first one. */
  private tasksHash: string | undefined;
  private readonly log: Logger;
  /** Set on shutdown: the node is not "disconnected", it will reconnect elsewhere. */
  private leaving = false;
  /** Messages are handled one after another, in order (hello must finish before the rest). */
  private queue: Promise<void> = Promise.resolve();
  private queuedFrames = 0;
  private queuedBytes = 0;
  private pausedForQueue = false;
  private throttleTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly budget: AgentBudget;
  private readonly inventories: Coalescer<Inventory>;
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
    this.budget = new AgentBudget(deps.budgets);
    this.inventories = new Coalescer(deps.budgets.inventoryWriteMs, (inventory) => {
      this.queue = this.queue.then(() => this.writeInventory(inventory));
    });
    ws.on("message", (data, isBinary) => this.onFrame(data, isBinary));
    ws.on("close", () => {
      clearTimeout(this.helloTimer);
      clearTimeout(this.throttleTimer);
      clearTimeout(this.killTimer);
      this.queue = this.queue.then(() => this.onClose());
    });
    this.helloTimer = setTimeout(() => !this.greeted && this.refuse(CLOSE_CODES.invalidMessage, "no hello within 15 s"), 15_000);
    ws.on("error", (err: Error & { code?: string }) => {
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        this.deps.stats.overBudget++;
        this.log.warn(
          { maxMessageBytes: this.deps.budgets.maxMessageBytes },
          "agent sent a message over GATEWAY_MAX_MESSAGE_BYTES; connection closed",
        );
        this.closing = true;
        this.stopReading();
      } else this.log.warn({ err }, "agent socket error");
    });
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

  /** Closes a misbehaving connection: nothing more it sent is handled. */
  private refuse(code: number, reason: string): void {
    this.closing = true;
    this.ws.close(code, reason);
    this.stopReading();
  }

  /**
   * While a close handshake waits for the agent's answer, ws would keep reading (and discarding)
   * whatever a flooding agent sends. It reads nothing more: the close frame saying why is on its
   * way, the socket is paused (TCP pushes back), and cut if the agent does not close it itself.
   */
  private stopReading(): void {
    // After ws's own handling of a frame error, which resumes the socket on the next tick.
    setImmediate(() => this.updatePause());
    this.killTimer ??= setTimeout(() => this.ws.terminate(), 2_000);
  }

  /** Budgets and backpressure happen here, before a frame is even decoded. */
  private onFrame(data: RawData, isBinary: boolean) {
    if (this.closing) return;
    const frame = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (isBinary) return this.refuse(CLOSE_CODES.invalidMessage, "text frames only");
    this.queuedFrames++;
    this.queuedBytes += frame.length;
    const waitMs = this.budget.frame(frame.length);
    if (waitMs > 0 && !this.throttleTimer) {
      this.throttleTimer = setTimeout(() => {
        this.throttleTimer = undefined;
        this.updatePause();
      }, waitMs);
    }
    if (this.queuedFrames >= QUEUE_MAX_FRAMES || this.queuedBytes >= 2 * this.deps.budgets.maxMessageBytes) this.pausedForQueue = true;
    this.updatePause();
    this.queue = this.queue
      .then(() => this.onRaw(frame))
      .finally(() => {
        this.queuedFrames--;
        this.queuedBytes -= frame.length;
        if (this.pausedForQueue && this.queuedFrames <= QUEUE_MAX_FRAMES / 2 && this.queuedBytes <= this.deps.budgets.maxMessageBytes) {
          this.pausedForQueue = false;
          this.updatePause();
        }
      });
  }

  /** Reading stops while over the byte budget or while the queue is deep, so memory stays bounded. */
  private updatePause() {
    const pause = this.closing || this.pausedForQueue || this.throttleTimer !== undefined;
    if (pause && !this.ws.isPaused) {
      if (!this.closing) this.deps.stats.throttled++;
      this.ws.pause();
    } else if (!pause && this.ws.isPaused) this.ws.resume();
  }

  private overBudget(reason: string) {
    this.deps.stats.overBudget++;
    this.log.warn({ reason }, "agent over its budget; connection closed");
    this.refuse(CLOSE_CODES.overBudget, reason);
  }

  goingAway(): void {
    this.leaving = true;
    this.ws.close(1001, "gateway shutting down");
  }

  private async onRaw(frame: Buffer) {
    if (this.closing) return;
    this.deps.stats.messages++;
    let message: AgentMessage;
    try {
      const parsed = agentMessageSchema.safeParse(JSON.parse(frame.toString("utf8")));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "invalid message");
      message = parsed.data;
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, "invalid message from agent");
      this.refuse(CLOSE_CODES.invalidMessage, "invalid message");
      return;
    }
    if (this.greeted === (message.type === "hello")) {
      this.refuse(CLOSE_CODES.invalidMessage, this.greeted ? "hello only once per connection" : "hello expected first");
      return;
    }
    const over = message.type === "hello" ? null : this.budget.message(message.type);
    if (over) return this.overBudget(over);
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
          nodeId: this.nodeId,
          inventory: message.inventory,
          knownHash: this.inventoryHash,
          agentVersion: message.agentVersion,
          markReady: true,
        });
        this.inventoryHash = hash;
        this.inventories.ran();
        if (changed) this.deps.stats.inventoryWrites++;
        await this.deps.registry.attach(this);
        this.deps.liveness.touch(this.nodeId);
        this.send({
          type: "welcome",
          protocolVersion: PROTOCOL_VERSION,
          nodeId: this.nodeId,
          clusterId: this.identity.clusterId,
          heartbeatIntervalMs: this.deps.heartbeatIntervalMs,
        });
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
      case "inventory":
        this.inventories.offer(message.inventory); // at most one write per GATEWAY_INVENTORY_WRITE_SECONDS
        return;
      case "tasks": {
        // Written at once, not coalesced: a `stopping` task must leave the pools before it stops.
        // Messages of one connection are handled one at a time, and the budget caps how many come.
        this.deps.stats.taskReports++;
        const { hash, changed } = await recordNodeTasks({
          nodeId: this.nodeId,
          orgId: this.identity.orgId,
          clusterId: this.identity.clusterId,
          tasks: message.tasks,
          knownHash: this.tasksHash,
          log: this.log,
        });
        this.tasksHash = hash;
        if (changed) this.deps.stats.taskWrites++;
        return;
      }
      case "metrics":
        // Labelled with the credential's organisation, cluster and node, never with what the agent says.
        this.deps.stats.metricsBatches++;
        this.deps.metrics.put(this, this.identity, message);
        return;
      case "logs": {
        // Acknowledged only after the commit: a batch lost before it is sent again by the agent,
        // and one stored twice is not (the (node, epoch, seq) key). A failure sends no ack.
        const stored = await ingestLogs({
          orgId: this.identity.orgId,
          clusterId: this.identity.clusterId,
          nodeId: this.nodeId,
          message,
          applications: this.deps.applications,
        });
        this.deps.stats.logBatches++;
        this.deps.stats.logLines += stored.inserted;
        this.deps.stats.logDuplicates += stored.duplicates;
        if (!this.closing) this.send({ type: "logs.ack", epoch: message.epoch, upTo: stored.upTo });
        return;
      }
      case "result":
        await recordCommandResult({
          nodeId: this.nodeId,
          commandId: message.commandId,
          ok: message.ok,
          result: message.result,
          error: message.error,
        });
        return;
      case "stream": {
        if (!this.streams.has(message.streamId)) return;
        if (message.ended) this.streams.delete(message.streamId);
        await publishSealed(busKeys.streamChannel(message.streamId), { lines: message.lines, ended: message.ended, error: message.error });
        return;
      }
    }
  }

  private async writeInventory(inventory: Inventory) {
    try {
      const { changed, hash } = await recordInventory({ nodeId: this.nodeId, inventory, knownHash: this.inventoryHash });
      this.inventoryHash = hash;
      if (!changed) return;
      this.deps.stats.inventoryWrites++;
      await enqueue(clusterReconcileJob, { clusterId: this.identity.clusterId });
    } catch (err) {
      this.log.error({ err }, "failed to record the agent's inventory");
    }
  }

  private async onClose() {
    // After every frame that arrived before the close: none can bring the node's series back.
    this.deps.metrics.drop(this, this.nodeId);
    // The latest inventory still waiting for its turn is written now (it may carry a swarm change).
    const waiting = this.inventories.take();
    if (waiting) await this.writeInventory(waiting);
    for (const streamId of this.streams) {
      await publishSealed(busKeys.streamChannel(streamId), { lines: [], ended: true, error: "the node disconnected" }).catch(
        () => undefined,
      );
    }
    this.streams.clear();
    const wasLive = await this.deps.registry.detach(this).catch(() => false);
    if (wasLive && !this.leaving) {
      await recordDisconnect({ nodeId: this.nodeId }).catch((err: unknown) => this.log.warn({ err }, "could not record disconnect"));
      this.log.info("agent disconnected");
    }
  }
}
