/**
 * haproxy.describe and haproxy.stats results from the desired state and what the running HAProxy
 * reports (pure). Server names map back to task ids through the state (pools and leaving servers).
 */
import type { HaproxyDescribeResult, HaproxyStatsResult } from "@/lib/protocol/haproxy";
import { backendName, poolKeys, serverName, type LbState, type ListenerState } from "./lb-state";
import type { RuntimeServer } from "./plan-pool";
import type { RuntimeSnapshot } from "./read-runtime";
import { statNumber } from "./runtime-parse";

type DescribedListener = HaproxyDescribeResult["listeners"][number];
type DescribedServer = DescribedListener["pools"][number]["servers"][number];

type Identity = { id: string; pool: string; drained: boolean };

function identities(state: LbState, l: ListenerState, route: string): Map<string, Identity> {
  const backend = backendName(l, route);
  const byName = new Map<string, Identity>();
  for (const s of state.leaving.filter((x) => x.backend === backend)) byName.set(s.server, { id: s.id, pool: s.pool, drained: true });
  for (const s of l.pools[route] ?? []) byName.set(serverName(s.id), { id: s.id, pool: s.pool, drained: s.drained });
  return byName;
}

/** Leaving and drained servers are draining whatever HAProxy state carries it (drain, or maintenance in sticky pools). */
function observedServer(r: RuntimeServer, who: Identity | undefined, sessions: number): DescribedServer {
  const draining = who?.drained === true || r.admin === "drain";
  const state = draining ? "draining" : r.admin === "maint" ? "maintenance" : r.up ? "active" : "down";
  return {
    id: who?.id ?? r.name,
    pool: who?.pool ?? "",
    address: r.fqdn ?? r.address,
    port: r.port,
    weight: draining ? 0 : r.weight,
    state,
    healthy: r.admin === "maint" ? null : r.up,
    sessions,
  };
}

function pools(state: LbState, l: ListenerState, runtime: RuntimeSnapshot | null): DescribedListener["pools"] {
  return poolKeys(l).map((route) => {
    const backend = backendName(l, route);
    if (!runtime) {
      // HAProxy is not running: what it should hold, none of it serving
      const servers = (l.pools[route] ?? []).map((s): DescribedServer => ({
        id: s.id,
        pool: s.pool,
        address: s.address,
        port: s.port,
        weight: s.drained ? 0 : s.weight,
        state: "down",
        healthy: null,
        sessions: 0,
      }));
      return { route: route || null, servers };
    }
    const who = identities(state, l, route);
    const servers = runtime.servers
      .filter((r) => r.backend === backend)
      .map((r) => observedServer(r, who.get(r.name), runtime.sessions.get(`${backend}/${r.name}`) ?? 0));
    return { route: route || null, servers };
  });
}

export function describeLb(state: LbState, runtime: RuntimeSnapshot | null): DescribedListener[] {
  return state.listeners.map((l) => ({
    port: l.port,
    protocol: l.protocol,
    stickySessions: l.stickySessions,
    routes: l.routes,
    certificates: l.certificates.map((c) => c.name),
    pools: pools(state, l, runtime),
  }));
}

export function lbStats(state: LbState, runtime: RuntimeSnapshot | null): HaproxyStatsResult["listeners"] {
  return state.listeners.flatMap((l) =>
    poolKeys(l).map((route) => {
      const backend = backendName(l, route);
      const who = identities(state, l, route);
      const rows = runtime ? runtime.servers.filter((r) => r.backend === backend) : [];
      return {
        port: l.port,
        protocol: l.protocol,
        ...(route ? { route } : {}),
        backends: rows.map((r) => {
          const row = runtime?.stats.get(`${backend}/${r.name}`);
          return {
            id: who.get(r.name)?.id ?? r.name,
            pool: who.get(r.name)?.pool ?? "",
            requests: statNumber(row, "stot"),
            responses5xx: statNumber(row, "hrsp_5xx"),
            connectionErrors: statNumber(row, "econ"),
            // rtime is HTTP's average response time over the last 1024 requests; TCP has none
            responseTimeMs: l.protocol === "tcp" ? null : statNumber(row, "rtime"),
            currentSessions: statNumber(row, "scur"),
          };
        }),
      };
    }),
  );
}
