/** Messages on the Redis bus between workers and gateways. */
import { z } from "zod";
import { commandMessageSchema } from "@/lib/protocol/messages";

export const gatewayDeliverySchema = z.object({ nodeId: z.string(), message: commandMessageSchema });
export type GatewayDelivery = z.infer<typeof gatewayDeliverySchema>;

export const controlMessageSchema = z.discriminatedUnion("type", [
  /** Close the node's connection at once: its credential was revoked or the node removed. */
  z.object({ type: z.literal("disconnect"), nodeId: z.string(), reason: z.enum(["credential-revoked", "node-removed"]) }),
  /** The node connected to `gatewayId`; any other gateway still holding it closes that connection. */
  z.object({ type: z.literal("connected"), nodeId: z.string(), gatewayId: z.string() }),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;

export const commandDoneSchema = z.object({
  id: z.string(),
  status: z.enum(["SUCCEEDED", "FAILED", "TIMED_OUT"]),
  result: z.unknown().optional(),
  error: z.string().nullable().optional(),
});
export type CommandDone = z.infer<typeof commandDoneSchema>;

/** Lines of an agent stream (logs.start), from the gateway to the process that started it. */
export const streamChunkSchema = z.object({
  lines: z.array(z.object({ ts: z.string(), stream: z.string(), task: z.string().nullable(), text: z.string() })),
  ended: z.boolean().optional(),
  error: z.string().optional(),
});
export type StreamChunk = z.infer<typeof streamChunkSchema>;

export const heartbeatRecordSchema = z.object({
  at: z.number(),
  usage: z.object({ cpuPercent: z.number(), memoryUsedBytes: z.number(), memoryTotalBytes: z.number(), load1: z.number() }),
  containers: z.object({ running: z.number(), total: z.number(), unhealthy: z.number(), services: z.record(z.string(), z.number()) }),
});
export type HeartbeatRecord = z.infer<typeof heartbeatRecordSchema>;
