/** What a WebSocket close code from the gateway means for the agent. */
import { CLOSE_CODES } from "@/lib/protocol";

export type CloseAction =
  /** The node's credential was revoked or the node removed: stop for good. */
  | { kind: "revoked"; why: string }
  /** Another agent process connected as this node: exit quietly. */
  | { kind: "replaced" }
  | { kind: "protocol-unsupported" }
  /** Network drop, gateway restart, anything else: reconnect with backoff. */
  | { kind: "reconnect" };

export function closeAction(code: number): CloseAction {
  switch (code) {
    case CLOSE_CODES.credentialRevoked:
      return { kind: "revoked", why: "the control plane revoked this node's credential" };
    case CLOSE_CODES.nodeRemoved:
      return { kind: "revoked", why: "the node was removed from its cluster in the control plane" };
    case CLOSE_CODES.replaced:
      return { kind: "replaced" };
    case CLOSE_CODES.protocolUnsupported:
      return { kind: "protocol-unsupported" };
    default:
      return { kind: "reconnect" };
  }
}
