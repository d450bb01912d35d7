/** The two load-balancer conditions, from what the drivers report (pure). */
import type { ListenerKey, ObservedListener, PoolWindowStats } from "@/lib/drivers/lb/types";

export const listenerLabel = (k: ListenerKey) => `${k.protocol}:${k.port}${k.route ? `/${k.route}` : ""}`;
const sameListener = (a: ListenerKey, b: { port: number; protocol: string; route?: string }) =>
  a.port === b.port && a.protocol === b.protocol && (a.route ?? null) === (b.route ?? null);

/** Pure: the 5xx percentage of one listener's windows, or null without requests. */
export function errorPercent(windows: readonly PoolWindowStats[], key: ListenerKey): { percent: number; requests: number } | null {
  let requests = 0;
  let errors = 0;
  for (const w of windows) {
    if (!sameListener(w.listener, key)) continue;
    requests += w.requests;
    errors += w.responses5xx + w.connectionErrors;
  }
  return requests > 0 ? { percent: (errors / requests) * 100, requests } : null;
}

/** Pure: how many backends of the listener's pool take traffic now. */
export function healthyBackends(observed: readonly ObservedListener[], key: ListenerKey): number {
  const listener = observed.find((l) => l.port === key.port && l.protocol === key.protocol);
  return (listener?.backends ?? []).filter((b) => (key.route ? b.route === key.route : true) && b.state === "active" && b.healthy !== false)
    .length;
}
