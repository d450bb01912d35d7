/**
 * Keeps the agent connected: collect the inventory, open the socket, run a session, and on a
 * drop reconnect with jittered backoff (reset after a stable connection). Ends only for reasons
 * a reconnect cannot fix — revoked credential, replaced by another agent, unsupported protocol,
 * rejected credential — or on shutdown; the caller decides what each means for the process.
 */
import { PROTOCOL_VERSION } from "@/lib/protocol";
import type { CollectInventory } from "../inventory/collect-inventory";
import type { Logger } from "../log/logger";
import type { LogsChannel } from "../logs/log-shipper";
import type { MetricsChannel } from "../metrics/metrics-sender";
import type { TaskReportChannel } from "../traffic/task-report-sender";
import { GatewayRefusedError, type GatewayErrorCode } from "../util/gateway-refusal";
import { sleep } from "../util/sleep";
import { Backoff } from "./backoff";
import { closeAction } from "./close-policy";
import type { CommandDispatcher } from "./command-dispatcher";
import { openGatewaySocket, type OpenGatewaySocket } from "./gateway-socket";
import { runSession, type HeartbeatData, type SessionOptions } from "./session";

export type LoopEnd =
  | { kind: "stopped" }
  | { kind: "revoked"; why: string }
  | { kind: "replaced" }
  | { kind: "protocol-unsupported"; message: string }
  | { kind: "credential-rejected"; code: GatewayErrorCode; message: string };

export type ConnectLoopOptions = {
  connectUrl: string;
  credential: string;
  agentVersion: string;
  ca?: string[];
  log: Logger;
  signal: AbortSignal;
  dispatcher: CommandDispatcher;
  collectInventory: CollectInventory;
  heartbeat: () => Promise<HeartbeatData>;
  tasks?: TaskReportChannel;
  metrics?: MetricsChannel;
  logs?: LogsChannel;
  openSocket?: OpenGatewaySocket;
  backoff?: Backoff;
  /** A connection that lasted this long resets the backoff. */
  stableAfterMs?: number;
  session?: Pick<SessionOptions, "inventoryIntervalMs" | "welcomeTimeoutMs" | "shutdownGraceMs">;
};

export async function runConnectLoop(options: ConnectLoopOptions): Promise<LoopEnd> {
  const { log, signal } = options;
  const openSocket = options.openSocket ?? openGatewaySocket;
  const backoff = options.backoff ?? new Backoff();
  const pause = async (message: string, fields: Record<string, unknown>) => {
    const retryInMs = backoff.next();
    log.warn(message, { ...fields, attempt: backoff.attempts, retryInMs });
    await sleep(retryInMs, signal).catch(() => {});
  };

  while (!signal.aborted) {
    let inventory;
    try {
      inventory = await options.collectInventory({ signal });
    } catch (error) {
      if (signal.aborted) break;
      await pause("cannot read the Docker engine's inventory; retrying", { error });
      continue;
    }
    let socket;
    try {
      socket = await openSocket({
        url: options.connectUrl,
        credential: options.credential,
        agentVersion: options.agentVersion,
        ca: options.ca,
        signal,
      });
    } catch (error) {
      if (signal.aborted) break;
      const end = refusalEnd(error);
      if (end) return end;
      await pause("cannot connect to the gateway; retrying", { url: options.connectUrl, error });
      continue;
    }
    const end = await runSession({
      ...options.session,
      socket,
      inventory,
      collectInventory: options.collectInventory,
      heartbeat: options.heartbeat,
      tasks: options.tasks,
      metrics: options.metrics,
      logs: options.logs,
      dispatcher: options.dispatcher,
      log,
      agentVersion: options.agentVersion,
      signal,
    });
    if (signal.aborted) break;
    const action = closeAction(end.code);
    if (action.kind === "revoked") return { kind: "revoked", why: end.reason ? `${action.why} (${end.reason})` : action.why };
    if (action.kind === "replaced") return { kind: "replaced" };
    if (action.kind === "protocol-unsupported")
      return { kind: "protocol-unsupported", message: end.reason || `the gateway does not support protocol version ${PROTOCOL_VERSION}` };
    if (end.welcome && end.durationMs >= (options.stableAfterMs ?? 30_000)) backoff.reset();
    await pause("connection to the gateway lost; reconnecting", { code: end.code, reason: end.reason, byAgent: end.closedByAgent });
  }
  return { kind: "stopped" };
}

/** Upgrade refusals that no retry can fix end the loop; anything else (5xx, a proxy's 404) is retried. */
function refusalEnd(error: unknown): LoopEnd | null {
  if (!(error instanceof GatewayRefusedError)) return null;
  switch (error.code) {
    case "INVALID_CREDENTIAL":
      return { kind: "credential-rejected", code: error.code, message: error.gatewayMessage };
    case "CREDENTIAL_REVOKED":
    case "NODE_REMOVED":
      return { kind: "revoked", why: error.gatewayMessage };
    case "PROTOCOL_UNSUPPORTED":
      return { kind: "protocol-unsupported", message: error.gatewayMessage };
    default:
      return error.status === 426 ? { kind: "protocol-unsupported", message: error.message } : null;
  }
}
