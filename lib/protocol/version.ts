/**
 * Agent ⇄ control-plane protocol version. Bump it on any incompatible change to the messages in
 * this folder; the gateway answers agents within [MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION] and
 * refuses others with a clear message (HTTP 426 on connect).
 */
// 2: service.apply carries the cluster's workload policy, which the agent enforces (and refuses
// specs without it as strict); agents of protocol 1 would silently ignore it, so they are refused.
// 3: agents send `tasks` (lib/protocol/task-report.ts), the per-node task snapshot load-balancer
// pools are built from; a protocol-2 agent would leave its node's tasks out of every pool.
export const PROTOCOL_VERSION = 3;
export const MIN_SUPPORTED_PROTOCOL = 3;

/** Whether the control plane answers an agent speaking protocol `version` (false for NaN). */
export function isSupportedProtocol(version: number): boolean {
  return version >= MIN_SUPPORTED_PROTOCOL && version <= PROTOCOL_VERSION;
}

/** HTTP paths served by the gateway. */
export const GATEWAY_PATHS = { join: "/v1/join", connect: "/v1/connect", health: "/healthz" } as const;

/** WebSocket close codes the gateway uses (4000-4999 are application codes). */
export const CLOSE_CODES = {
  credentialRevoked: 4001,
  nodeRemoved: 4002,
  protocolUnsupported: 4003,
  replaced: 4004, // the same node connected again; the older connection is closed
  invalidMessage: 4005,
  overBudget: 4006, // the agent sent more than its per-connection budget allows; it reconnects with backoff
} as const;

/** Headers on the connect request. */
export const AGENT_HEADERS = { protocol: "x-wharf-protocol", agentVersion: "x-wharf-agent-version" } as const;
