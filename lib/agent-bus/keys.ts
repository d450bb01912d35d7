/**
 * Redis names shared by gateways, workers and the console. Liveness and usage live in Redis (not
 * Postgres) so a heartbeat never costs a database write; commands and results travel on pub/sub
 * channels so any worker can reach an agent through whichever gateway holds its connection.
 * Every message on these channels is sealed (./sealed.ts): Redis carries them, it cannot forge them.
 */
import { redisKey } from "@/lib/redis";

export const busKeys = {
  /** Commands for agents connected to one gateway. */
  gatewayChannel: (gatewayId: string) => redisKey("gw", gatewayId),
  /** Revocations and "node connected elsewhere" notices, for every gateway. */
  controlChannel: () => redisKey("gw-control"),
  /** Finished commands, for whoever waits on them. */
  resultsChannel: () => redisKey("cmd-done"),
  /** Lines of one agent stream (service logs), from the gateway to the console that asked. */
  streamChannel: (streamId: string) => redisKey("stream", streamId),
  /** Hash nodeId → gatewayId of the gateway holding the node's connection. */
  nodeGateway: () => redisKey("nodes", "gateway"),
  /** Sorted set nodeId → time of the last message (ms). */
  nodeSeen: () => redisKey("nodes", "seen"),
  /** Hash nodeId → JSON of the last heartbeat (usage and container report). */
  nodeUsage: () => redisKey("nodes", "usage"),
};
