/**
 * Commands the control plane sends to agents: type → payload and result schemas. Every handler
 * on the agent is idempotent ("apply" means create-or-update); payloads are validated on both
 * sides. Secrets inside payloads (swarm join tokens) are never stored in results or logs.
 */
import { z } from "zod";

const labelsSchema = z.record(z.string().min(1).max(200), z.string().max(500));

export const COMMANDS = {
  /** Initialise a swarm on this engine; answers the tokens later nodes join with. */
  "swarm.init": {
    payload: z.object({ advertiseAddr: z.string().max(64).optional(), listenAddr: z.string().max(64).optional() }),
    result: z.object({
      swarmId: z.string(),
      nodeId: z.string(),
      managerAddr: z.string(),
      joinTokens: z.object({ worker: z.string(), manager: z.string() }),
    }),
  },
  /** Join an existing swarm. A no-op when already a member of that swarm. */
  "swarm.join": {
    payload: z.object({
      remoteAddrs: z.array(z.string().max(100)).min(1).max(10),
      joinToken: z.string().max(200),
      advertiseAddr: z.string().max(64).optional(),
      listenAddr: z.string().max(64).optional(),
    }),
    // Docker tells only managers the swarm's id, so a joining worker may not know it.
    result: z.object({ nodeId: z.string(), swarmId: z.string().nullable() }),
  },
  /** Leave the swarm (a no-op when not in one). */
  "swarm.leave": {
    payload: z.object({ force: z.boolean().default(false) }),
    result: z.object({ left: z.boolean() }),
  },
  /** Manager only: swarm identity, join tokens, manager address and the node list. */
  "swarm.inspect": {
    payload: z.object({}),
    result: z.object({
      swarmId: z.string(),
      managerAddr: z.string(),
      joinTokens: z.object({ worker: z.string(), manager: z.string() }),
      nodes: z.array(
        z.object({
          id: z.string(),
          hostname: z.string(),
          role: z.enum(["worker", "manager"]),
          availability: z.enum(["active", "pause", "drain"]),
          state: z.string(),
          labels: labelsSchema,
          leader: z.boolean(),
        }),
      ),
    }),
  },
  /**
   * Manager only: set a node's labels (the complete desired set), availability and role. Fields
   * left out are unchanged. Retries on version conflicts.
   */
  "node.update": {
    payload: z.object({
      swarmNodeId: z.string().max(100),
      labels: labelsSchema.optional(),
      availability: z.enum(["active", "pause", "drain"]).optional(),
      role: z.enum(["worker", "manager"]).optional(),
    }),
    result: z.object({ version: z.number().int() }),
  },
  /** Manager only: remove a node from the swarm (a no-op when already gone). */
  "node.remove": {
    payload: z.object({ swarmNodeId: z.string().max(100), force: z.boolean().default(false) }),
    result: z.object({ removed: z.boolean() }),
  },
} as const;

export type CommandType = keyof typeof COMMANDS;
export type CommandPayload<T extends CommandType> = z.input<(typeof COMMANDS)[T]["payload"]>;
export type CommandResult<T extends CommandType> = z.output<(typeof COMMANDS)[T]["result"]>;

export const COMMAND_TYPES = Object.keys(COMMANDS) as CommandType[];

export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(COMMANDS, type);
}

/**
 * Fields that carry secrets (swarm join tokens). Commands are stored with these fields redacted, so
 * command history never shows them; the real values travel only to the agent or the waiting worker.
 */
export const SECRET_PAYLOAD_FIELDS: Partial<Record<CommandType, readonly string[]>> = { "swarm.join": ["joinToken"] };
export const SECRET_RESULT_FIELDS: Partial<Record<CommandType, readonly string[]>> = {
  "swarm.init": ["joinTokens"],
  "swarm.inspect": ["joinTokens"],
};

export const REDACTED = "[redacted]";

export function redactFields(value: unknown, fields: readonly string[] | undefined): unknown {
  if (!fields?.length || typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of fields) if (field in copy) copy[field] = REDACTED;
  return copy;
}
