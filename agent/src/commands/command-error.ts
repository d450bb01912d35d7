/**
 * An expected command failure with a stable code the control plane can act on (retry, show the
 * operator, give up). Anything else a handler throws is mapped in to-error-payload.ts.
 */
export const COMMAND_ERROR_CODES = [
  "UNKNOWN_COMMAND",
  "INVALID_PAYLOAD",
  "INVALID_RESULT",
  "TIMEOUT",
  "SHUTTING_DOWN",
  "NOT_A_MANAGER",
  "NOT_IN_SWARM",
  "ALREADY_IN_SWARM",
  "SWARM_LOCKED",
  "SWARM_ERROR",
  "NODE_NOT_FOUND",
  "CONFLICT",
  "DOCKER_UNAVAILABLE",
  "DOCKER_ERROR",
  "INTERNAL",
] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

export class CommandError extends Error {
  override name = "CommandError";
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
