/**
 * Per-colour traffic figures of a release, measured at the load balancers that carry its services:
 * requests/s, error rate (5xx and connection errors), p50/p95 latency over a recent window (the
 * drivers' per-pool windows), the colours' weight shares (what the last sync applied) and healthy
 * backends (what the balancer reports). Nothing here is estimated: a driver that cannot measure
 * says so (`available: false`) and the figures stay empty.
 */
import { prisma } from "@/lib/db";
import type { LbHandle, ListenerKey, LoadBalancerDriver, ObservedListener } from "@/lib/drivers/lb/types";
import type { Colour, ColourFigures } from "@/lib/schemas/releases";
import { listenerId } from "../traffic/desired-traffic";
import { lbDriver } from "../traffic/lb-driver";
import { lbDriverKind, toLbHandle } from "../traffic/lb-handle";
import type { ReleaseServicePair } from "../traffic/release-split";
import { appliedOf, type AppliedTraffic } from "../traffic/sync-cluster-traffic";

export type MeasuredRelease = { available: boolean; byColour: Record<Colour, ColourFigures | null> };

type Tally = {
  weight: number;
  totalWeight: number;
  requests: number;
  errors: number;
  windowMs: number;
  p50: number | null;
  p95: number | null;
  topRequests: number;
  healthy: number;
  backends: number;
};

const emptyTally = (): Tally => ({
  weight: 0,
  totalWeight: 0,
  requests: 0,
  errors: 0,
  windowMs: 0,
  p50: null,
  p95: null,
  topRequests: -1,
  healthy: 0,
  backends: 0,
});

function observedPool(observed: ObservedListener[], key: ListenerKey) {
  const listener = observed.find((l) => l.port === key.port && l.protocol === key.protocol);
  return (listener?.backends ?? []).filter((b) => (key.route ? b.route === key.route : true));
}

function toFigures(t: Tally): ColourFigures {
  const seconds = t.windowMs / 1000;
  return {
    weight: t.totalWeight > 0 ? Math.round((t.weight / t.totalWeight) * 1000) / 10 : 0,
    requestsPerSecond: seconds > 0 ? Math.round((t.requests / seconds) * 10) / 10 : 0,
    errorRate: t.requests > 0 ? t.errors / t.requests : null,
    p50Ms: t.p50,
    p95Ms: t.p95,
    requests: t.requests,
    healthyBackends: t.healthy,
    backends: t.backends,
  };
}

/**
 * The balancers that carry a release's services: each with its driver, its handle and the
 * listeners (as the last sync applied them) whose pool is one of the services.
 */
export async function releaseBalancers(
  clusterId: string,
  services: ReleaseServicePair[],
): Promise<Array<{ driver: LoadBalancerDriver; handle: LbHandle; listeners: AppliedTraffic["listeners"] }>> {
  const fromNames = new Set(services.map((s) => s.from));
  const lbs = await prisma.loadBalancer.findMany({ where: { clusterId } });
  return lbs.flatMap((lb) => {
    const listeners = (appliedOf(lb)?.listeners ?? []).filter((l) => fromNames.has(l.service.swarmName));
    return listeners.length ? [{ driver: lbDriver(lbDriverKind(lb.driver)), handle: toLbHandle(lb), listeners }] : [];
  });
}

export async function measureRelease({
  clusterId,
  services,
  windowMs,
}: {
  clusterId: string;
  services: ReleaseServicePair[];
  windowMs: number;
}): Promise<MeasuredRelease> {
  const tallies: Record<Colour, Tally> = { blue: emptyTally(), green: emptyTally() };
  let available = false;
  for (const { driver: d, handle, listeners } of await releaseBalancers(clusterId, services)) {
    const [stats, observed] = await Promise.all([d.stats(handle, { windowMs }), d.describe(handle)]);
    if (stats.available && stats.windows) available = true;
    for (const listener of listeners) {
      const key: ListenerKey = {
        port: listener.port,
        protocol: listener.protocol as ListenerKey["protocol"],
        ...(listener.route ? { route: listener.route } : {}),
      };
      const total = listener.backends.reduce((sum, b) => sum + b.weight, 0);
      for (const colour of ["blue", "green"] as const) {
        const t = tallies[colour];
        t.weight += listener.backends.filter((b) => b.pool === colour).reduce((sum, b) => sum + b.weight, 0);
        t.totalWeight += total;
        const pool = observedPool(observed.listeners, key).filter((b) => b.pool === colour);
        t.backends += pool.length;
        t.healthy += pool.filter((b) => b.state === "active" && b.healthy !== false).length;
        for (const w of stats.windows ?? []) {
          if (w.pool !== colour || listenerId(w.listener) !== listenerId(key)) continue;
          t.requests += w.requests;
          t.errors += w.responses5xx + w.connectionErrors;
          t.windowMs = Math.max(t.windowMs, w.windowMs);
          // Percentiles do not add up across listeners: the busiest listener's stand for the colour.
          if (w.requests > t.topRequests) Object.assign(t, { topRequests: w.requests, p50: w.p50Ms, p95: w.p95Ms });
        }
      }
    }
  }
  if (!available) return { available, byColour: { blue: null, green: null } };
  return { available, byColour: { blue: toFigures(tallies.blue), green: toFigures(tallies.green) } };
}
