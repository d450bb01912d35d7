/**
 * What one agent connection may send (finding 5d). Message budgets per type are token buckets with
 * a minute's worth of burst; going over one closes the connection (CLOSE_CODES.overBudget). The
 * byte budget never closes: over it, the gateway stops reading the socket until it refilled, so
 * TCP pushes back on the agent. Defaults are far above what a real agent sends (a heartbeat every
 * 10 s, an inventory when it changes, one result per command, log batches of up to 200 lines
 * every 200 ms per stream, a task snapshot per burst of container events — at most one per 50 ms —
 * plus one every 30 s, a metrics batch every METRICS_INTERVAL_SECONDS, a batch of up to 1,000
 * collected log lines each time the previous one was acknowledged).
 */
import type { Env } from "@/lib/env";
import type { AgentMessage } from "@/lib/protocol/messages";
import { TokenBucket } from "./token-bucket";

export type BudgetedType = Exclude<AgentMessage["type"], "hello">;

export type BudgetSettings = {
  maxMessageBytes: number;
  bytesPerSecond: number;
  perMinute: Record<BudgetedType, number>;
  /** Minimum time between two inventory writes of one node. */
  inventoryWriteMs: number;
};

export function budgetSettings(env: Env): BudgetSettings {
  return {
    maxMessageBytes: env.GATEWAY_MAX_MESSAGE_BYTES,
    bytesPerSecond: env.GATEWAY_AGENT_BYTES_PER_SECOND,
    perMinute: {
      heartbeat: env.GATEWAY_AGENT_HEARTBEATS_PER_MINUTE,
      inventory: env.GATEWAY_AGENT_INVENTORIES_PER_MINUTE,
      result: env.GATEWAY_AGENT_RESULTS_PER_MINUTE,
      stream: env.GATEWAY_AGENT_STREAM_MESSAGES_PER_MINUTE,
      tasks: env.GATEWAY_AGENT_TASK_REPORTS_PER_MINUTE,
      metrics: env.GATEWAY_AGENT_METRICS_PER_MINUTE,
      logs: env.GATEWAY_AGENT_LOG_BATCHES_PER_MINUTE,
    },
    inventoryWriteMs: env.GATEWAY_INVENTORY_WRITE_SECONDS * 1000,
  };
}

/** Bursts of this many seconds of byte budget are read at full speed before reading slows down. */
const BYTE_BURST_SECONDS = 2;

export class AgentBudget {
  private readonly bytes: TokenBucket;
  private readonly messages: Record<BudgetedType, TokenBucket>;

  constructor(
    private readonly settings: BudgetSettings,
    clock: () => number = Date.now,
  ) {
    this.bytes = new TokenBucket(settings.bytesPerSecond * BYTE_BURST_SECONDS, settings.bytesPerSecond, clock);
    const bucket = (perMinute: number) => new TokenBucket(perMinute, perMinute / 60, clock);
    this.messages = {
      heartbeat: bucket(settings.perMinute.heartbeat),
      inventory: bucket(settings.perMinute.inventory),
      result: bucket(settings.perMinute.result),
      stream: bucket(settings.perMinute.stream),
      tasks: bucket(settings.perMinute.tasks),
      metrics: bucket(settings.perMinute.metrics),
      logs: bucket(settings.perMinute.logs),
    };
  }

  /** A frame of `size` bytes arrived: how long to stop reading (0 = keep reading). */
  frame(size: number): number {
    return this.bytes.borrow(size);
  }

  /** A message of this type: null within budget, else what was exceeded (for the close reason). */
  message(type: BudgetedType): string | null {
    return this.messages[type].take() ? null : `over budget: more than ${this.settings.perMinute[type]} ${type} messages a minute`;
  }
}
