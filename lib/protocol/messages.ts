/**
 * Messages on the agent's WebSocket, both directions, plus the join exchange (HTTP). JSON text
 * frames, one message per frame, validated with these schemas on receipt.
 */
import { z } from "zod";
import { inventorySchema } from "./inventory";
import { logsAckSchema, logsMessageSchema } from "./logs";
import { metricsMessageSchema } from "./metrics";
import { taskReportSchema } from "./task-report";

// ── join (HTTP POST /v1/join) ────────────────────────────────────────────────────────────
export const joinRequestSchema = z.object({
  token: z.string().min(10).max(200),
  protocolVersion: z.number().int().positive(),
  agentVersion: z.string().max(50),
  inventory: inventorySchema,
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;

export const joinResponseSchema = z.object({
  nodeId: z.string(),
  clusterId: z.string(),
  /** Shown to the agent once; the control plane keeps only its hash. */
  credential: z.string(),
});
export type JoinResponse = z.infer<typeof joinResponseSchema>;

/** Error body of join and of a refused connect: same shape as the REST API's errors. */
export const gatewayErrorSchema = z.object({
  error: z.object({
    code: z.enum([
      "INVALID_JOIN_TOKEN",
      "JOIN_TOKEN_EXPIRED",
      "JOIN_TOKEN_REVOKED",
      "INVALID_CREDENTIAL",
      "CREDENTIAL_REVOKED",
      "NODE_REMOVED",
      "PROTOCOL_UNSUPPORTED",
      "INVALID_INPUT",
      "INTERNAL",
      // every machine the token allowed has joined with it
      "JOIN_TOKEN_USED_UP",
      // this machine is already (or was) a node of the cluster: an admin must allow it to join again
      "REJOIN_NOT_APPROVED",
      // the organisation has as many nodes as its quota allows
      "QUOTA_EXCEEDED",
    ]),
    message: z.string(),
  }),
});
export type GatewayError = z.infer<typeof gatewayErrorSchema>;

// ── agent → control plane ───────────────────────────────────────────────────────────────
export const usageSchema = z.object({
  cpuPercent: z.number().min(0).max(100),
  memoryUsedBytes: z.number().nonnegative(),
  memoryTotalBytes: z.number().nonnegative(),
  load1: z.number().nonnegative(),
});
export type Usage = z.infer<typeof usageSchema>;

/** A compact container report: counts, plus running tasks per Wharf service (at most 500 keys). */
export const containerReportSchema = z.object({
  running: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  unhealthy: z.number().int().nonnegative(),
  services: z.record(z.string().max(200), z.number().int().nonnegative()).refine((s) => Object.keys(s).length <= 500),
});
export type ContainerReport = z.infer<typeof containerReportSchema>;

export const agentMessageSchema = z.discriminatedUnion("type", [
  /** First message on every connection: a full inventory. */
  z.object({ type: z.literal("hello"), agentVersion: z.string().max(50), inventory: inventorySchema }),
  z.object({ type: z.literal("heartbeat"), seq: z.number().int().nonnegative(), usage: usageSchema, containers: containerReportSchema }),
  /** Sent when the inventory changed since the last one sent. */
  z.object({ type: z.literal("inventory"), inventory: inventorySchema }),
  /** The node's Swarm task containers (traffic layer): on connect, on change, and every 30 s. */
  taskReportSchema,
  /** The node's and its Wharf containers' usage, every METRICS_INTERVAL_SECONDS; only to gateways of protocol 4 or more. */
  metricsMessageSchema,
  /** Lines of the node's declared log stores, until acknowledged; only to gateways of protocol 5 or more. */
  logsMessageSchema,
  /** Lines of a stream started by a command (logs.start): sent until ended or stopped. */
  z.object({
    type: z.literal("stream"),
    streamId: z.string().max(64),
    lines: z
      .array(
        z.object({
          ts: z.string().max(64),
          stream: z.enum(["stdout", "stderr"]),
          task: z.string().max(200).nullable(),
          text: z.string().max(16_384),
        }),
      )
      .max(500),
    ended: z.boolean().default(false),
    error: z.string().max(2000).optional(),
  }),
  z.object({
    type: z.literal("result"),
    commandId: z.string().max(64),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.object({ message: z.string().max(4000), code: z.string().max(100).optional() }).optional(),
  }),
]);
export type AgentMessage = z.infer<typeof agentMessageSchema>;

// ── control plane → agent ───────────────────────────────────────────────────────────────
export const commandMessageSchema = z.object({
  type: z.literal("command"),
  id: z.string().max(64),
  command: z.string().max(100),
  payload: z.unknown(),
  // Node timers misfire above 2^31-1 ms; a day is far more than any command needs.
  timeoutMs: z.number().int().positive().max(86_400_000),
});
export type CommandMessage = z.infer<typeof commandMessageSchema>;

export const gatewayMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("welcome"),
    protocolVersion: z.number().int(),
    nodeId: z.string(),
    clusterId: z.string(),
    heartbeatIntervalMs: z.number().int().min(100).max(3_600_000),
  }),
  commandMessageSchema,
  logsAckSchema,
]);
export type GatewayMessage = z.infer<typeof gatewayMessageSchema>;
