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
  /** A service, secret or config the command names does not exist. */
  "NOT_FOUND",
  "CONFLICT",
  /** A network, secret, config or volume cannot be removed while something uses it. */
  "IN_USE",
  "TOO_MANY_STREAMS",
  /** The spec asks for something the workload policy (the cluster's, within this agent's ceiling) forbids, or for a field Wharf never produces. */
  "POLICY_VIOLATION",
  /** The registry holding an image could not be asked for its digest (pullLatest). */
  "REGISTRY_ERROR",
  /** The command asks for something this agent cannot do (a UDP listener on HAProxy). */
  "UNSUPPORTED",
  /** HAProxy is not installed on this node, or its runtime socket does not answer. */
  "HAPROXY_UNAVAILABLE",
  /** `haproxy -c` refused the rendered configuration (nothing was changed). */
  "HAPROXY_CONFIG_INVALID",
  /** A listener's address:port cannot be bound on this node (in use, or not a local address). */
  "HAPROXY_BIND_FAILED",
  "HAPROXY_START_FAILED",
  /** The reload did not bring up a new worker; the previous configuration was restored. */
  "HAPROXY_RELOAD_FAILED",
  "HAPROXY_RUNTIME_ERROR",
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
