import type { GatewayError } from "@/lib/protocol/messages";

type Code = GatewayError["error"]["code"];

const STATUS: Record<Code, number> = {
  INVALID_JOIN_TOKEN: 401,
  JOIN_TOKEN_EXPIRED: 410,
  JOIN_TOKEN_REVOKED: 410,
  INVALID_CREDENTIAL: 401,
  CREDENTIAL_REVOKED: 401,
  NODE_REMOVED: 401,
  JOIN_TOKEN_USED_UP: 410,
  REJOIN_NOT_APPROVED: 409,
  QUOTA_EXCEEDED: 403,
  PROTOCOL_UNSUPPORTED: 426,
  INVALID_INPUT: 422,
  INTERNAL: 500,
};

/** Why the control plane refuses an agent, in words the agent prints for its operator. */
export class AgentRefusal extends Error {
  readonly status: number;
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toBody(): GatewayError {
    return { error: { code: this.code, message: this.message } };
  }
}
