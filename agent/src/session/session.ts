/**
 * One connection to the gateway, from hello to close: sends the full inventory first, waits for
 * the welcome, then heartbeats at the interval the gateway chose, re-sends the inventory when it
 * changes, answers commands and carries the "stream" messages of the streams commands started
 * (which end with the connection), the task snapshots, to gateways of protocol 4 or more the
 * metrics batches, and to gateways of protocol 5 or more the log batches (whose `logs.ack`
 * answers it hands back to the shipper). Transport-agnostic (SessionSocket) so it runs against a fake
 * socket in unit tests.
 */
import {
  agentMessageSchema,
  gatewayMessageSchema,
  LOGS_PROTOCOL_VERSION,
  METRICS_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  type AgentMessage,
  type ContainerReport,
  type GatewayMessage,
  type Inventory,
  type Usage,
} from "@/lib/protocol";
import type { CollectInventory } from "../inventory/collect-inventory";
import { inventoryHash } from "../inventory/inventory-hash";
import type { Logger } from "../log/logger";
import type { LogsChannel } from "../logs/log-shipper";
import type { MetricsChannel } from "../metrics/metrics-sender";
import type { TaskReportChannel } from "../traffic/task-report-sender";
import type { CommandDispatcher } from "./command-dispatcher";

export type SessionSocket = {
  send(text: string): void;
  close(code: number, reason: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
};

export type Welcome = Extract<GatewayMessage, { type: "welcome" }>;
export type HeartbeatData = { usage: Usage; containers: ContainerReport };

export type SessionOptions = {
  socket: SessionSocket;
  /** The full inventory for hello, collected just before connecting. */
  inventory: Inventory;
  collectInventory: CollectInventory;
  heartbeat: () => Promise<HeartbeatData>;
  dispatcher: CommandDispatcher;
  /** The node's task snapshots (traffic layer): attached once welcomed, detached on close. */
  tasks?: TaskReportChannel;
  /** Metrics batches: attached once welcomed by a gateway of protocol 4+, detached on close. */
  metrics?: MetricsChannel;
  /** Log batches: attached once welcomed by a gateway of protocol 5+, detached on close. */
  logs?: LogsChannel;
  log: Logger;
  agentVersion: string;
  /** Aborted on SIGTERM/SIGINT: finish (or abandon) commands, then close with 1000. */
  signal: AbortSignal;
  inventoryIntervalMs?: number;
  welcomeTimeoutMs?: number;
  shutdownGraceMs?: number;
};

export type SessionEnd = {
  code: number;
  reason: string;
  /** The agent closed the connection itself (shutdown, no welcome). */
  closedByAgent: boolean;
  welcome: Welcome | null;
  durationMs: number;
};

const AFTER_COMMAND_INVENTORY_DELAY_MS = 250;
// a gateway bug must not make the agent flood it (tiny interval) or spin (setTimeout overflows past 2^31-1)
const MIN_HEARTBEAT_MS = 100;
const MAX_TIMER_MS = 2 ** 31 - 1;
const clampInterval = (ms: number) => Math.min(Math.max(ms, MIN_HEARTBEAT_MS), MAX_TIMER_MS);

export function runSession(options: SessionOptions): Promise<SessionEnd> {
  const { socket, dispatcher, log, signal } = options;
  const startedAt = Date.now();
  const timers = new Set<NodeJS.Timeout>();
  let welcome: Welcome | null = null;
  let closed = false;
  let closedByAgent = false;
  let seq = 0;
  let heartbeatBusy = false;
  let inventoryBusy = false;
  let lastInventoryHash = inventoryHash(options.inventory);

  /** False when nothing was sent: the connection is closed, or the message is invalid. */
  const send = (message: AgentMessage): boolean => {
    if (closed) return false;
    const checked = agentMessageSchema.safeParse(message);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      log.error("not sending an invalid message (agent bug)", {
        type: message.type,
        issue: issue ? `${issue.path.join(".")}: ${issue.message}` : undefined,
      });
      return false;
    }
    socket.send(JSON.stringify(checked.data));
    return true;
  };

  const later = (ms: number, fn: () => void, repeat = false): void => {
    if (closed) return;
    const timer = repeat ? setInterval(fn, ms) : setTimeout(() => (timers.delete(timer), fn()), ms);
    timers.add(timer);
  };

  const closeByAgent = (code: number, reason: string): void => {
    if (closed) return;
    closedByAgent = true;
    socket.close(code, reason);
  };

  async function sendHeartbeat(): Promise<void> {
    if (heartbeatBusy || closed) return; // a slow engine: skip a beat rather than pile them up
    heartbeatBusy = true;
    try {
      const data = await options.heartbeat();
      send({ type: "heartbeat", seq: seq++, usage: data.usage, containers: data.containers });
    } catch (error) {
      log.warn("heartbeat skipped", { error });
    } finally {
      heartbeatBusy = false;
    }
  }

  async function checkInventory(): Promise<void> {
    if (inventoryBusy || closed) return;
    inventoryBusy = true;
    try {
      const inventory = await options.collectInventory();
      const hash = inventoryHash(inventory);
      if (hash !== lastInventoryHash && !closed) {
        send({ type: "inventory", inventory });
        lastInventoryHash = hash;
        log.info("inventory changed; sent", { swarmState: inventory.swarm.state });
      }
    } catch (error) {
      log.warn("inventory check failed", { error });
    } finally {
      inventoryBusy = false;
    }
  }

  function onWelcome(message: Welcome): void {
    if (welcome) return log.warn("duplicate welcome ignored");
    welcome = message;
    log.info("connected", {
      nodeId: message.nodeId,
      clusterId: message.clusterId,
      heartbeatIntervalMs: message.heartbeatIntervalMs,
      gatewayProtocol: message.protocolVersion,
    });
    if (message.protocolVersion !== PROTOCOL_VERSION)
      log.warn("gateway speaks another protocol version", { agentProtocol: PROTOCOL_VERSION, gatewayProtocol: message.protocolVersion });
    void sendHeartbeat();
    later(clampInterval(message.heartbeatIntervalMs), () => void sendHeartbeat(), true);
    later(options.inventoryIntervalMs ?? 30_000, () => void checkInventory(), true);
    options.tasks?.attach((report) => send(report));
    // an older gateway closes the connection on a message type it does not know
    if (message.protocolVersion >= METRICS_PROTOCOL_VERSION) options.metrics?.attach((batch) => send(batch));
    else if (options.metrics) log.info("the gateway predates metrics; not sending them", { gatewayProtocol: message.protocolVersion });
    // lines stay in the agent's buffer until a gateway that stores them is reached
    if (message.protocolVersion >= LOGS_PROTOCOL_VERSION) options.logs?.attach((batch) => send(batch));
    else if (options.logs)
      log.info("the gateway predates log collection; lines stay buffered", { gatewayProtocol: message.protocolVersion });
  }

  function onCommand(message: Extract<GatewayMessage, { type: "command" }>): void {
    if (signal.aborted) {
      send({ type: "result", commandId: message.id, ok: false, error: { code: "SHUTTING_DOWN", message: "the agent is shutting down" } });
      return;
    }
    void dispatcher.dispatch(message).then((result) => {
      send(result);
      // most commands change the engine's swarm state: report it without waiting for the next check
      later(AFTER_COMMAND_INVENTORY_DELAY_MS, () => void checkInventory());
    });
  }

  function onText(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return log.warn("gateway sent a frame that is not JSON; ignored", { bytes: text.length });
    }
    const parsed = gatewayMessageSchema.safeParse(raw);
    if (parsed.success) {
      if (parsed.data.type === "welcome") return onWelcome(parsed.data);
      if (parsed.data.type === "logs.ack") return void options.logs?.ack(parsed.data);
      return onCommand(parsed.data);
    }
    // an unreadable command still gets an answer, so the control plane does not wait for its timeout
    const id: unknown = typeof raw === "object" && raw !== null ? Reflect.get(raw, "id") : undefined;
    const type: unknown = typeof raw === "object" && raw !== null ? Reflect.get(raw, "type") : undefined;
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
    log.warn("gateway sent an invalid message", { type: typeof type === "string" ? type.slice(0, 50) : null, issue: detail });
    if (type === "command" && typeof id === "string" && id.length <= 64) {
      send({ type: "result", commandId: id, ok: false, error: { code: "INVALID_PAYLOAD", message: `invalid command message: ${detail}` } });
    }
  }

  async function shutDown(): Promise<void> {
    const grace = options.shutdownGraceMs ?? 10_000;
    if (dispatcher.inFlight > 0) {
      log.info("shutting down: waiting for running commands", { running: dispatcher.inFlight, graceMs: grace });
      if (!(await dispatcher.drain(grace))) {
        dispatcher.abortAll();
        await dispatcher.drain(1_000); // let the SHUTTING_DOWN results go out
      }
    }
    dispatcher.streams.stopAll();
    closeByAgent(1000, "agent shutting down");
  }

  return new Promise<SessionEnd>((resolve) => {
    socket.onMessage(onText);
    socket.onClose((code, reason) => {
      if (closed) return;
      closed = true;
      // nothing a stream produces could reach the control plane any more
      dispatcher.streams.closeAll();
      options.tasks?.detach();
      options.metrics?.detach();
      options.logs?.detach();
      for (const timer of timers) clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve({ code, reason, closedByAgent, welcome, durationMs: Date.now() - startedAt });
    });
    const onAbort = () => void shutDown();
    signal.addEventListener("abort", onAbort, { once: true });
    dispatcher.streams.attach(send);
    send({ type: "hello", agentVersion: options.agentVersion, inventory: options.inventory });
    later(options.welcomeTimeoutMs ?? 15_000, () => {
      if (!welcome) {
        log.warn("no welcome from the gateway; reconnecting");
        closeByAgent(1002, "no welcome");
      }
    });
    if (signal.aborted) onAbort();
  });
}
