/**
 * Load balancer "lb1" as the HAProxy tests describe it: settings binding to loopback, a listener
 * on 8080 and pool servers on 10.0.0.5, each with the fields a test may change.
 */
import type { HaproxyLbSettings } from "@/lib/protocol/haproxy";
import { emptyLbState, type LbState, type ListenerState, type PoolServer } from "../haproxy/lb-state";

export const LOOPBACK_LB_SETTINGS: HaproxyLbSettings = { bindAddress: "127.0.0.1", httpPort: 80, httpsPort: 443 };

/** lb1's state with these listeners and no server leaving. */
export const lbStateOf = (...listeners: ListenerState[]): LbState => ({ ...emptyLbState("lb1", LOOPBACK_LB_SETTINGS), listeners });

/** An http listener on 8080 without routes, certificates or stickiness, its pool empty. */
export const listenerState = (over: Partial<ListenerState> = {}): ListenerState => ({
  port: 8080,
  protocol: "http",
  stickySessions: false,
  routes: [],
  certificates: [],
  pools: { "": [] },
  ...over,
});

/** A server of pool "main" on 10.0.0.5 at weight 100, not drained. */
export const poolServer = (id: string, port: number, over: Partial<PoolServer> = {}): PoolServer => ({
  id,
  address: "10.0.0.5",
  port,
  weight: 100,
  pool: "main",
  drained: false,
  ...over,
});
