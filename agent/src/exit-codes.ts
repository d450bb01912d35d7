/**
 * Process exit codes. Supervisors (systemd, docker restart policies, the install script) use them to
 * tell "restart me" from "a human must act": 2, 3 and 4 will fail the same way on restart.
 */
export const EXIT_CODES = {
  ok: 0,
  /** Unexpected failure (bug, unreadable state dir, Docker engine unreachable at startup…). */
  failure: 1,
  /** The join token was refused (invalid, expired, revoked). */
  joinRefused: 2,
  /** The control plane revoked this node's credential or removed the node. */
  credentialRevoked: 3,
  /** The control plane does not speak this agent's protocol version. */
  protocolUnsupported: 4,
  /** Bad flags or environment. */
  usage: 64,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
