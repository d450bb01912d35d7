/**
 * The pure state transitions behind the haproxy.* commands: what the desired state of a load
 * balancer becomes after each command, with the refusals an operator can act on. Nothing here
 * touches HAProxy or the disk.
 */
import type { HaproxyBackend, HaproxyLbSettings, HaproxyListener, HaproxyListenerKey } from "@/lib/protocol/haproxy";
import { CommandError } from "../commands/command-error";
import {
  backendName,
  emptyLbState,
  isRouting,
  poolKeys,
  serverName,
  type LbState,
  type ListenerProtocol,
  type ListenerState,
  type PoolServer,
} from "./lb-state";

const describeKey = (k: { port: number; protocol: string }) => `${k.protocol}:${k.port}`;

export type EnsureListenerInput = {
  lbId: string;
  settings: HaproxyLbSettings;
  listener: HaproxyListener;
  /** The listener's certificates as stored (sha256 of each PEM), already validated and written. */
  certificates: { name: string; sha256: string }[];
};

function listenerProtocol(protocol: HaproxyListener["protocol"]): ListenerProtocol {
  if (protocol === "udp") {
    throw new CommandError(
      "UNSUPPORTED",
      "HAProxy 2.6 cannot balance UDP: bind UDP ports to a cloud load balancer (aliyun-slb, or an aws-elbv2 Network Load Balancer)",
    );
  }
  return protocol;
}

function checkListener(listener: HaproxyListener, protocol: ListenerProtocol, certificates: EnsureListenerInput["certificates"]): void {
  const where = `listener ${describeKey(listener)}`;
  if (listener.routes.length && protocol === "tcp")
    throw new CommandError("INVALID_PAYLOAD", `${where}: Host-header routes need an http or https listener`);
  if (protocol === "https" && certificates.length === 0)
    throw new CommandError("INVALID_PAYLOAD", `${where}: an https listener needs at least one certificate`);
  const names = new Set<string>();
  for (const route of listener.routes) {
    if (names.has(route.name)) throw new CommandError("INVALID_PAYLOAD", `${where}: route ${route.name} appears twice`);
    names.add(route.name);
  }
}

/** The state with this listener created or updated; its pools are kept (those of routes that remain). */
export function withListener(current: LbState | null, input: EnsureListenerInput): LbState {
  const protocol = listenerProtocol(input.listener.protocol);
  checkListener(input.listener, protocol, input.certificates);
  const state = current ?? emptyLbState(input.lbId, input.settings);
  const clash = state.listeners.find((l) => l.port === input.listener.port && l.protocol !== protocol);
  if (clash)
    throw new CommandError(
      "CONFLICT",
      `port ${input.listener.port} is already used by the ${describeKey(clash)} listener of this load balancer; delete it first`,
    );

  const before = state.listeners.find((l) => l.port === input.listener.port && l.protocol === protocol);
  const next: ListenerState = {
    port: input.listener.port,
    protocol,
    stickySessions: input.listener.stickySessions,
    routes: input.listener.routes,
    certificates: protocol === "https" ? input.certificates : [],
    pools: {},
  };
  for (const key of poolKeys(next)) {
    const kept = before && isRouting(before) === isRouting(next) ? before.pools[key] : undefined;
    next.pools[key] = kept ?? [];
  }
  const listeners = before
    ? state.listeners.map((l) => (l === before ? next : l))
    : [...state.listeners, next].sort((a, b) => a.port - b.port);
  return { ...state, settings: input.settings, listeners };
}

function findPool(state: LbState | null, key: HaproxyListenerKey): { listener: ListenerState; route: string } {
  const listener = state?.listeners.find((l) => l.port === key.port && l.protocol === key.protocol);
  if (!listener)
    throw new CommandError("NOT_FOUND", `load balancer has no listener ${describeKey(key)} on this node: ensure the listener first`);
  if (isRouting(listener)) {
    if (!key.route)
      throw new CommandError("INVALID_PAYLOAD", `listener ${describeKey(key)} routes by Host header: name the route whose pool to change`);
    if (!listener.routes.some((r) => r.name === key.route))
      throw new CommandError("NOT_FOUND", `listener ${describeKey(key)} has no route ${key.route}`);
    return { listener, route: key.route };
  }
  if (key.route) throw new CommandError("INVALID_PAYLOAD", `listener ${describeKey(key)} has no routes; leave the route out`);
  return { listener, route: "" };
}

function checkBackends(key: HaproxyListenerKey, backends: HaproxyBackend[]): void {
  const ids = new Set<string>();
  const endpoints = new Set<string>();
  const names = new Set<string>();
  for (const b of backends) {
    const endpoint = `${b.address}:${b.port}`;
    if (ids.has(b.id)) throw new CommandError("INVALID_PAYLOAD", `pool of ${describeKey(key)}: backend ${b.id} appears twice`);
    if (endpoints.has(endpoint)) throw new CommandError("INVALID_PAYLOAD", `pool of ${describeKey(key)}: ${endpoint} appears twice`);
    if (names.has(serverName(b.id)))
      throw new CommandError(
        "INVALID_PAYLOAD",
        `pool of ${describeKey(key)}: backend ids ${b.id} and another one map to the same server name`,
      );
    ids.add(b.id);
    endpoints.add(endpoint);
    names.add(serverName(b.id));
  }
}

/**
 * The state with one pool replaced by exactly these backends (drains lifted: the list is
 * authoritative). Backends that left it are recorded as leaving, to be drained and then deleted.
 */
export function withBackends(current: LbState | null, key: HaproxyListenerKey, backends: HaproxyBackend[], now: number): LbState {
  const { listener, route } = findPool(current, key);
  const state = current as LbState;
  checkBackends(key, backends);
  const backend = backendName(listener, route);
  const pool: PoolServer[] = backends.map((b) => ({
    id: b.id,
    address: b.address,
    port: b.port,
    weight: b.weight,
    pool: b.pool,
    drained: false,
  }));
  const staying = new Set(pool.map((b) => serverName(b.id)));
  const leaving = state.leaving.filter((s) => !(s.backend === backend && staying.has(s.server)));
  for (const old of listener.pools[route] ?? []) {
    const server = serverName(old.id);
    if (staying.has(server) || leaving.some((s) => s.backend === backend && s.server === server)) continue;
    leaving.push({ backend, server, id: old.id, pool: old.pool, since: now });
  }
  const next: ListenerState = { ...listener, pools: { ...listener.pools, [route]: pool } };
  return { ...state, listeners: state.listeners.map((l) => (l === listener ? next : l)), leaving };
}

/** The state with one backend drained; unchanged when it is not in the pool (already gone). */
export function withDrained(current: LbState | null, key: HaproxyListenerKey, backendId: string): LbState {
  const { listener, route } = findPool(current, key);
  const state = current as LbState;
  const pool = listener.pools[route] ?? [];
  if (!pool.some((b) => b.id === backendId && !b.drained)) return state;
  const next: ListenerState = {
    ...listener,
    pools: { ...listener.pools, [route]: pool.map((b) => (b.id === backendId ? { ...b, drained: true } : b)) },
  };
  return { ...state, listeners: state.listeners.map((l) => (l === listener ? next : l)) };
}

/** The state without the listener on this port and protocol (its routes and pools go with it). */
export function withoutListener(current: LbState, key: Pick<HaproxyListenerKey, "port" | "protocol">): LbState {
  const listeners = current.listeners.filter((l) => !(l.port === key.port && l.protocol === key.protocol));
  return listeners.length === current.listeners.length ? current : { ...current, listeners };
}

export const sameState = (a: LbState | null, b: LbState | null) => JSON.stringify(a) === JSON.stringify(b);
