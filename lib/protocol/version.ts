/**
 * Agent ⇄ control-plane protocol version. Bump it on any incompatible change to the messages in
 * this folder; the gateway answers agents within [MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION] and
 * refuses others with a clear message (HTTP 426 on connect).
 */
// 2: service.apply carries the cluster's workload policy, which the agent enforces (and refuses
// specs without it as strict); agents of protocol 1 would silently ignore it, so they are refused.
// 3: agents send `tasks` (lib/protocol/task-report.ts), the per-node task snapshot load-balancer
// pools are built from; a protocol-2 agent would leave its node's tasks out of every pool.
// 4: agents send `metrics` (lib/protocol/metrics.ts) to gateways that welcome them with 4 or more.
// Nothing a protocol-3 agent does is wrong for a protocol-4 gateway (its node just has no metric
// series), so 3 stays supported; a gateway of protocol 3 would close the connection on the first
// `metrics` message, which is why the agent sends them only after a welcome of 4 or more.
// 5: agents send `logs` (lib/protocol/logs.ts) to gateways that welcome them with 5 or more, and
// gateways answer with `logs.ack`; protocol-3 and -4 agents just collect no logs.
export const PROTOCOL_VERSION = 5;
export const MIN_SUPPORTED_PROTOCOL = 3;
/** The first protocol whose gateways accept `metrics` messages. */
export const METRICS_PROTOCOL_VERSION = 4;
/** The first protocol whose gateways accept `logs` messages (and answer `logs.ack`). */
export const LOGS_PROTOCOL_VERSION = 5;

/** Whether the control plane answers an agent speaking protocol `version` (false for NaN). */
export function isSupportedProtocol(version: number): boolean {
  return version >= MIN_SUPPORTED_PROTOCOL && version <= PROTOCOL_VERSION;
}

/** HTTP paths served by the gateway. */
export const GATEWAY_PATHS = { join: "/v1/join", connect: "/v1/connect", health: "/healthz", metrics: "/metrics" } as const;

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
