/**
 * The recent requests of one load balancer (pure: the caller passes the clock), and the figures
 * per listener (route) and pool over a window: requests, 5xx answers, connection errors, p50/p95.
 *
 * Memory is bounded: samples live in a ring of typed arrays (17 bytes each) that grows up to
 * `capacity` entries and keeps at most `retentionMs` of history; when a busy load balancer fills
 * it, the oldest samples go and a window reaching further back says so (its `windowMs` shrinks to
 * what is held). A sample's pool is resolved when it arrives, from what the state said then: a
 * colour whose servers are deleted right after a switch keeps its last requests.
 */
import type { HaproxyTrafficWindow } from "@/lib/protocol/haproxy";
import { histogram, percentile } from "./latency-figures";
import { desiredBackends, serverName, type LbState } from "./lb-state";
import type { TrafficSample } from "./traffic-log";

type ListenerRef = HaproxyTrafficWindow["listener"];
type Group = { listener: ListenerRef; pool: string };

export const NO_SERVER = "<NOSRV>";

const OK = 0;
const ERROR_5XX = 1;
const CONNECTION_ERROR = 2;

const INITIAL_SLOTS = 1_024;
/** Distinct (listener, pool) pairs before the unused ones are forgotten. */
const MAX_GROUPS = 4_096;

export type TrafficRecorderOptions = {
  /** Samples held at most (default 131 072: ~2.2 MB). */
  capacity?: number;
  /** History kept (default ten minutes, the longest window asked for). */
  retentionMs?: number;
  /** When recording starts: no window reaches back before it. */
  since: number;
};

const groupKey = (listener: ListenerRef, pool: string) => JSON.stringify([listener.port, listener.protocol, listener.route ?? "", pool]);

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byListenerAndPool = (a: Group, b: Group) =>
  a.listener.port - b.listener.port ||
  text(a.listener.protocol, b.listener.protocol) ||
  text(a.listener.route ?? "", b.listener.route ?? "") ||
  text(a.pool, b.pool);

const listenerRef = (l: { port: number; protocol: ListenerRef["protocol"] }, route: string): ListenerRef => ({
  port: l.port,
  protocol: l.protocol,
  ...(route ? { route } : {}),
});

export class TrafficRecorder {
  private readonly capacity: number;
  private readonly retentionMs: number;
  private at = new Float64Array(0);
  private ms = new Int32Array(0);
  private group = new Uint32Array(0);
  private outcome = new Uint8Array(0);
  /** Next slot written; the oldest sample sits `size` slots before it. */
  private head = 0;
  private size = 0;
  /** Every sample received after this time is held. */
  private complete: number;
  private groups: Group[] = [];
  private groupIds = new Map<string, number>();
  /** Backend name -> its listener (route), and `backend/server` -> pool, with when the state last named them. */
  private backends = new Map<string, { listener: ListenerRef; seen: number }>();
  private pools = new Map<string, { pool: string; seen: number }>();

  constructor(options: TrafficRecorderOptions) {
    this.capacity = Math.max(1, Math.floor(options.capacity ?? 131_072));
    this.retentionMs = options.retentionMs ?? 600_000;
    this.complete = options.since;
  }

  /** Samples held now. */
  get held(): number {
    return this.size;
  }

  /** Slots allocated (never more than the capacity). */
  get slots(): number {
    return this.at.length;
  }

  /**
   * Learns which listener each backend serves and which pool each server belongs to. Names the
   * state no longer mentions are kept for the retention time: the old worker of a reload, or a
   * deleted server's last requests, may still log.
   */
  learn(state: LbState, now: number): void {
    for (const b of desiredBackends(state)) {
      this.backends.set(b.backend, { listener: listenerRef(b.listener, b.route), seen: now });
      for (const s of b.servers) this.pools.set(`${b.backend}/${serverName(s.id)}`, { pool: s.pool, seen: now });
    }
    for (const s of state.leaving) this.pools.set(`${s.backend}/${s.server}`, { pool: s.pool, seen: now });
    for (const map of [this.backends, this.pools] as Map<string, { seen: number }>[]) {
      for (const [name, entry] of map) if (entry.seen < now - this.retentionMs) map.delete(name);
    }
  }

  /** Records one request; lines of backends no listener pool owns (404s of unknown hosts) are ignored. */
  record(sample: TrafficSample, now: number): void {
    const backend = this.backends.get(sample.backend);
    if (!backend) return;
    // no server took it (empty or all-down pool): "" rather than a colour it never reached
    const pool = sample.server === NO_SERVER ? "" : (this.pools.get(`${sample.backend}/${sample.server}`)?.pool ?? "");
    const outcome = sample.connectionError ? CONNECTION_ERROR : sample.status !== null && sample.status >= 500 ? ERROR_5XX : OK;
    this.push(now, sample.ms ?? -1, this.groupId(backend.listener, pool), outcome);
  }

  /** Figures of every pool the state holds (zero when idle) and of every pool with requests in the window. */
  windows(state: LbState, windowMs: number, now: number): HaproxyTrafficWindow[] {
    const from = Math.max(now - Math.min(windowMs, this.retentionMs), this.complete);
    const span = Math.max(0, Math.round(now - from));
    const figures = new Map<number, { requests: number; responses5xx: number; connectionErrors: number; latencies: number[] }>();
    for (let n = 0; n < this.size; n++) {
      const i = this.slot(this.size - 1 - n); // newest first
      if ((this.at[i] as number) <= from) break;
      const id = this.group[i] as number;
      let f = figures.get(id);
      if (!f) figures.set(id, (f = { requests: 0, responses5xx: 0, connectionErrors: 0, latencies: [] }));
      f.requests++;
      if (this.outcome[i] === ERROR_5XX) f.responses5xx++;
      if (this.outcome[i] === CONNECTION_ERROR) f.connectionErrors++;
      if ((this.ms[i] as number) >= 0) f.latencies.push(this.ms[i] as number);
    }
    const wanted = new Map<string, Group>();
    for (const b of desiredBackends(state)) {
      const listener = listenerRef(b.listener, b.route);
      for (const pool of new Set(b.servers.map((s) => s.pool))) wanted.set(groupKey(listener, pool), { listener, pool });
    }
    for (const id of figures.keys()) {
      const g = this.groups[id] as Group;
      wanted.set(groupKey(g.listener, g.pool), g);
    }
    return [...wanted.values()].sort(byListenerAndPool).map((g) => {
      const id = this.groupIds.get(groupKey(g.listener, g.pool));
      const f = id === undefined ? undefined : figures.get(id);
      const sorted = Float64Array.from(f?.latencies ?? []).sort();
      return {
        listener: g.listener,
        pool: g.pool,
        windowMs: span,
        requests: f?.requests ?? 0,
        responses5xx: f?.responses5xx ?? 0,
        connectionErrors: f?.connectionErrors ?? 0,
        p50Ms: percentile(sorted, 0.5),
        p95Ms: percentile(sorted, 0.95),
        latencyBuckets: histogram(sorted),
      };
    });
  }

  /** The slot of the n-th oldest sample held. */
  private slot(n: number): number {
    const length = this.at.length;
    return (this.head - this.size + n + length) % length;
  }

  private push(now: number, ms: number, group: number, outcome: number): void {
    // history older than the retention goes first: it is never asked for
    while (this.size > 0 && (this.at[this.slot(0)] as number) < now - this.retentionMs) this.size--;
    if (this.size === this.at.length) {
      if (this.at.length < this.capacity) this.grow();
      else {
        // full: the oldest sample makes room, and windows reaching back past it are cut short
        this.complete = Math.max(this.complete, this.at[this.slot(0)] as number);
        this.size--;
      }
    }
    this.at[this.head] = now;
    this.ms[this.head] = Math.min(ms, 2 ** 31 - 1);
    this.group[this.head] = group;
    this.outcome[this.head] = outcome;
    this.head = (this.head + 1) % this.at.length;
    this.size++;
  }

  /** Doubles the ring (up to the capacity), oldest sample first. */
  private grow(): void {
    const length = Math.min(this.capacity, Math.max(INITIAL_SLOTS, this.at.length * 2));
    const order = Array.from({ length: this.size }, (_, n) => this.slot(n));
    const at = new Float64Array(length);
    const ms = new Int32Array(length);
    const group = new Uint32Array(length);
    const outcome = new Uint8Array(length);
    order.forEach((i, n) => {
      at[n] = this.at[i] as number;
      ms[n] = this.ms[i] as number;
      group[n] = this.group[i] as number;
      outcome[n] = this.outcome[i] as number;
    });
    this.at = at;
    this.ms = ms;
    this.group = group;
    this.outcome = outcome;
    this.head = this.size % length;
  }

  private groupId(listener: ListenerRef, pool: string): number {
    const key = groupKey(listener, pool);
    const known = this.groupIds.get(key);
    if (known !== undefined) return known;
    if (this.groups.length >= MAX_GROUPS) this.forgetUnusedGroups();
    this.groups.push({ listener, pool });
    this.groupIds.set(key, this.groups.length - 1);
    return this.groups.length - 1;
  }

  /** Renumbers the groups samples still refer to; the others go (listeners and colours long gone). */
  private forgetUnusedGroups(): void {
    const renumbered = new Map<number, number>();
    const groups: Group[] = [];
    for (let n = 0; n < this.size; n++) {
      const i = this.slot(n);
      const old = this.group[i] as number;
      let id = renumbered.get(old);
      if (id === undefined) {
        id = groups.push(this.groups[old] as Group) - 1;
        renumbered.set(old, id);
      }
      this.group[i] = id;
    }
    this.groups = groups;
    this.groupIds = new Map(groups.map((g, id) => [groupKey(g.listener, g.pool), id]));
  }
}
