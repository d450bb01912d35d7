/**
 * The pool figures of a load balancer from the windows its HAProxy nodes report (pure). Each node
 * sees only the requests that reached it, so the nodes' windows are added up: counts summed, the
 * shortest span kept (a node that just started covers less), and percentiles taken from the
 * merged latency histograms — at most one bucket (~6%) above the exact value, never below it.
 * A pool only one node served keeps that node's exact percentiles.
 */
import type { HaproxyTrafficWindow } from "@/lib/protocol/haproxy";
import type { PoolWindowStats } from "../types";

const keyOf = (w: HaproxyTrafficWindow) => JSON.stringify([w.listener.port, w.listener.protocol, w.listener.route ?? "", w.pool]);

/** Nearest-rank percentile (0 < p <= 1) over [inclusive upper bound, count] buckets. */
export function bucketPercentile(buckets: [number, number][], p: number): number | null {
  const merged = new Map<number, number>();
  for (const [upper, count] of buckets) merged.set(upper, (merged.get(upper) ?? 0) + count);
  const sorted = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.min(total, Math.max(1, Math.ceil(p * total)));
  let seen = 0;
  for (const [upper, count] of sorted) {
    seen += count;
    if (seen >= rank) return upper;
  }
  return null;
}

function combine(windows: HaproxyTrafficWindow[]): PoolWindowStats {
  const [first] = windows as [HaproxyTrafficWindow, ...HaproxyTrafficWindow[]];
  const served = windows.filter((w) => w.requests > 0);
  const buckets = served.flatMap((w) => w.latencyBuckets);
  const exact = served.length <= 1 ? (served[0] ?? first) : null;
  return {
    listener: {
      port: first.listener.port,
      protocol: first.listener.protocol,
      ...(first.listener.route ? { route: first.listener.route } : {}),
    },
    pool: first.pool,
    windowMs: Math.min(...windows.map((w) => w.windowMs)),
    requests: windows.reduce((sum, w) => sum + w.requests, 0),
    responses5xx: windows.reduce((sum, w) => sum + w.responses5xx, 0),
    connectionErrors: windows.reduce((sum, w) => sum + w.connectionErrors, 0),
    p50Ms: exact ? exact.p50Ms : bucketPercentile(buckets, 0.5),
    p95Ms: exact ? exact.p95Ms : bucketPercentile(buckets, 0.95),
  };
}

/** One entry per listener (route) and pool any node reported, in the order they first appear. */
export function mergePoolWindows(nodes: HaproxyTrafficWindow[][]): PoolWindowStats[] {
  const groups = new Map<string, HaproxyTrafficWindow[]>();
  for (const windows of nodes) {
    for (const w of windows) {
      const group = groups.get(keyOf(w));
      if (group) group.push(w);
      else groups.set(keyOf(w), [w]);
    }
  }
  return [...groups.values()].map(combine);
}
