/**
 * The agent's HAProxy side: one detached HAProxy master-worker per load balancer, its state under
 * `<state dir>/haproxy/<lbId>/`, the haproxy.* commands (one at a time per load balancer) and a
 * supervisor that restarts a dead HAProxy from its configuration and finishes drains. Each
 * HAProxy logs every request to the agent over loopback UDP (traffic-receiver.ts), which is where
 * haproxy.stats takes its per-pool figures over recent windows from.
 *
 * HAProxy outlives the agent on purpose: `close()` stops only the supervisor and the log sockets,
 * and `start()` adopts the HAProxy processes it finds running (a healthy one is never restarted,
 * and its log port is bound again). Nothing is created under the state dir until a haproxy
 * command arrives.
 */
import {
  HAPROXY_STATS_WINDOW_MS,
  type HaproxyBackend,
  type HaproxyChange,
  type HaproxyDescribeResult,
  type HaproxyLbSettings,
  type HaproxyListener,
  type HaproxyListenerKey,
  type HaproxyStatsResult,
} from "@/lib/protocol/haproxy";
import { CommandError } from "../commands/command-error";
import type { Logger } from "../log/logger";
import type { ApplyContext } from "./apply-state";
import { defaultHaproxyBinary, haproxyVersion } from "./haproxy-process";
import { KeyedMutex } from "./keyed-mutex";
import { listLbIds } from "./lb-files";
import * as ops from "./lb-operations";
import { haproxyRoot, lbPaths, SOCKET_PATH_MAX } from "./lb-paths";
import { createTrafficLogs } from "./traffic-receiver";

export type HaproxyManagerOptions = {
  /** The agent's state dir (--state-dir); load balancers live in its haproxy/ folder. */
  stateDir: string;
  log: Logger;
  /** Default: /usr/sbin/haproxy when present, else `haproxy` on the PATH. */
  binary?: string;
  supervisorIntervalMs?: number;
  /** How long a leaving server may keep its sessions before they are shut and it is deleted. */
  drainGraceMs?: number;
  reloadTimeoutMs?: number;
  now?: () => number;
  /** Request samples held per load balancer for the stats windows (default 131 072). */
  trafficSamples?: number;
};

export type HaproxyManager = {
  ensureListener(input: { lbId: string; settings: HaproxyLbSettings; listener: HaproxyListener }): Promise<HaproxyChange>;
  setBackends(input: { lbId: string; listener: HaproxyListenerKey; backends: HaproxyBackend[] }): Promise<HaproxyChange>;
  drainBackend(input: { lbId: string; listener: HaproxyListenerKey; backendId: string }): Promise<HaproxyChange>;
  deleteListener(input: { lbId: string; listener: HaproxyListenerKey }): Promise<HaproxyChange>;
  describe(input: { lbId: string }): Promise<HaproxyDescribeResult>;
  stats(input: { lbId: string; windowMs?: number }): Promise<HaproxyStatsResult>;
  remove(input: { lbId: string }): Promise<{ removed: boolean }>;
  /** Adopts (or restarts) every load balancer found on disk, then supervises them. */
  start(): Promise<void>;
  /** One supervisor pass over every load balancer (what the timer runs). */
  superviseAll(): Promise<void>;
  /** Stops supervising and listening for traffic logs; the HAProxy processes keep serving. */
  close(): Promise<void>;
};

export function createHaproxyManager(options: HaproxyManagerOptions): HaproxyManager {
  const root = haproxyRoot(options.stateDir);
  const binary = options.binary ?? defaultHaproxyBinary();
  const { log } = options;
  const mutex = new KeyedMutex();
  const now = options.now ?? Date.now;
  const traffic = createTrafficLogs({ log, now, capacity: options.trafficSamples });
  let version: Promise<string | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<void> | null = null;

  function context(lbId: string): ApplyContext {
    const paths = lbPaths(root, lbId);
    if (paths.adminSocket.length > SOCKET_PATH_MAX || paths.masterSocket.length > SOCKET_PATH_MAX) {
      throw new CommandError(
        "INTERNAL",
        `the agent's state dir ${options.stateDir} is too long for HAProxy's sockets (${paths.masterSocket}); use a shorter --state-dir`,
      );
    }
    if (paths.dir.includes("'"))
      throw new CommandError("INTERNAL", `the agent's state dir ${options.stateDir} contains a quote, which HAProxy's config cannot hold`);
    return {
      root,
      paths,
      traffic: traffic.forLb(lbId),
      binary,
      log: log.child({ lbId }),
      drainGraceMs: options.drainGraceMs ?? 30_000,
      reloadTimeoutMs: options.reloadTimeoutMs ?? 15_000,
      now,
    };
  }

  const locked = <T>(lbId: string, task: (ctx: ApplyContext) => Promise<T>) => mutex.run(lbId, () => task(context(lbId)));
  const haproxy = () => (version ??= haproxyVersion(binary));

  /** Load balancers whose last supervision failed: retried with backoff (up to a minute), not every pass. */
  const failing = new Map<string, { failures: number; retryAt: number }>();

  async function superviseOne(lbId: string): Promise<void> {
    const now = Date.now();
    if ((failing.get(lbId)?.retryAt ?? 0) > now) return;
    try {
      await locked(lbId, ops.supervise);
      failing.delete(lbId);
    } catch (error) {
      const failures = (failing.get(lbId)?.failures ?? 0) + 1;
      failing.set(lbId, { failures, retryAt: now + Math.min(60_000, 1_000 * 2 ** failures) });
      log.error("HAProxy supervision failed", { lbId, failures, error: error instanceof Error ? error.message : String(error) });
    }
  }

  async function superviseAll(): Promise<void> {
    for (const lbId of await listLbIds(root)) {
      // a command running for this load balancer does the same work; the next pass looks again
      if (!mutex.busy(lbId)) await superviseOne(lbId);
    }
  }

  return {
    ensureListener: (input) => locked(input.lbId, (ctx) => ops.ensureListener(ctx, input)),
    setBackends: (input) => locked(input.lbId, (ctx) => ops.setBackends(ctx, input.listener, input.backends)),
    drainBackend: (input) => locked(input.lbId, (ctx) => ops.drainBackend(ctx, input.listener, input.backendId)),
    deleteListener: (input) => locked(input.lbId, (ctx) => ops.deleteListener(ctx, input.listener)),
    describe: async (input) => {
      const v = await haproxy();
      return locked(input.lbId, (ctx) => ops.describe(ctx, v));
    },
    stats: (input) => locked(input.lbId, (ctx) => ops.stats(ctx, input.windowMs ?? HAPROXY_STATS_WINDOW_MS.default)),
    remove: (input) => locked(input.lbId, ops.remove),
    superviseAll,
    async start() {
      await superviseAll();
      const interval = options.supervisorIntervalMs ?? 2_000;
      timer = setInterval(() => {
        if (pass) return;
        pass = superviseAll().finally(() => (pass = null));
      }, interval);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = null;
      await pass;
      await traffic.close();
    },
  };
}
