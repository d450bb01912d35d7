/**
 * The haproxy.* commands for one load balancer (the manager runs them one at a time per load
 * balancer). Each reads the stored desired state, computes the next one (lb-model.ts) and applies
 * it (apply-state.ts) with the port the agent receives its request log on. Nothing is written for
 * a load balancer before a command that creates it succeeds validation: a pool change for a
 * listener that does not exist creates nothing.
 */
import type {
  HaproxyBackend,
  HaproxyCertificate,
  HaproxyChange,
  HaproxyDescribeResult,
  HaproxyLbSettings,
  HaproxyListener,
  HaproxyListenerKey,
  HaproxyStatsResult,
} from "@/lib/protocol/haproxy";
import { applyState, syncRuntime, type ApplyContext } from "./apply-state";
import { masterPid, startHaproxy, stopHaproxy, trimLog, workerPid } from "./haproxy-process";
import { checkCertificate, readState, removeLbDir, writeFileAtomic, writeState } from "./lb-files";
import { sameState, withBackends, withDrained, withListener, withoutListener } from "./lb-model";
import { contentHash } from "./lb-paths";
import type { LbState } from "./lb-state";
import { describeLb, lbStats } from "./observe-lb";
import { readRuntime } from "./read-runtime";
import { renderConfig } from "./render-config";

/**
 * The state naming the port the agent listens on for this load balancer's request log (bound
 * here, again after an agent restart), and the recorder told which pool each server is.
 */
async function withLogging(ctx: ApplyContext, state: LbState): Promise<LbState> {
  const logging = await ctx.traffic.attach(state.logging);
  const next = state.logging?.port === logging.port && state.logging.key === logging.key ? state : { ...state, logging };
  ctx.traffic.learn(next);
  return next;
}

/** applyState with the request log attached; a load balancer that failed to come into being keeps no log socket. */
async function apply(
  ctx: ApplyContext,
  prev: LbState | null,
  next: LbState,
  certificates: HaproxyCertificate[] = [],
): Promise<HaproxyChange> {
  try {
    const applied = await applyState(ctx, prev, await withLogging(ctx, next), certificates);
    ctx.traffic.learn(applied.state);
    return applied.change;
  } catch (error) {
    if (!prev) await ctx.traffic.detach();
    throw error;
  }
}

const unchanged = async (ctx: ApplyContext): Promise<HaproxyChange> => ({
  changed: false,
  reloaded: false,
  runtimeCommands: [],
  workerPid: await workerPid(ctx.paths),
});

export async function ensureListener(
  ctx: ApplyContext,
  input: { lbId: string; settings: HaproxyLbSettings; listener: HaproxyListener },
): Promise<HaproxyChange> {
  for (const cert of input.listener.certificates) checkCertificate(cert);
  const prev = await readState(ctx.paths);
  const certificates = input.listener.certificates.map((c) => ({ name: c.name, sha256: contentHash(c.pem) }));
  const next = withListener(prev, { ...input, certificates });
  return apply(ctx, prev, next, input.listener.certificates);
}

export async function setBackends(ctx: ApplyContext, key: HaproxyListenerKey, backends: HaproxyBackend[]): Promise<HaproxyChange> {
  const prev = await readState(ctx.paths);
  const next = withBackends(prev, key, backends, ctx.now());
  return apply(ctx, prev, next);
}

export async function drainBackend(ctx: ApplyContext, key: HaproxyListenerKey, backendId: string): Promise<HaproxyChange> {
  const prev = await readState(ctx.paths);
  const next = withDrained(prev, key, backendId);
  return apply(ctx, prev, next);
}

export async function deleteListener(ctx: ApplyContext, key: HaproxyListenerKey): Promise<HaproxyChange> {
  const prev = await readState(ctx.paths);
  if (!prev) return unchanged(ctx);
  const next = withoutListener(prev, key);
  if (sameState(prev, next) && (await masterPid(ctx.paths))) return unchanged(ctx);
  return apply(ctx, prev, next);
}

async function runningSnapshot(ctx: ApplyContext) {
  if (!(await masterPid(ctx.paths))) return null;
  return readRuntime(ctx.paths).catch(() => null);
}

export async function describe(ctx: ApplyContext, version: string | null): Promise<HaproxyDescribeResult> {
  const state = await readState(ctx.paths);
  if (!state) return { version, running: false, workerPid: null, settings: null, listeners: [] };
  const runtime = await runningSnapshot(ctx);
  return {
    version,
    running: runtime !== null,
    workerPid: runtime ? await workerPid(ctx.paths) : null,
    settings: state.settings,
    listeners: describeLb(state, runtime),
  };
}

export async function stats(ctx: ApplyContext, windowMs: number): Promise<HaproxyStatsResult> {
  const state = await readState(ctx.paths);
  const at = new Date(ctx.now()).toISOString();
  if (!state) return { at, running: false, listeners: [] };
  const runtime = await runningSnapshot(ctx);
  const windows = ctx.traffic.windows(state, windowMs);
  return { at, running: runtime !== null, listeners: lbStats(state, runtime), ...(windows ? { windows } : {}) };
}

export async function remove(ctx: ApplyContext): Promise<{ removed: boolean }> {
  const state = await readState(ctx.paths).catch(() => null);
  const running = await masterPid(ctx.paths);
  await stopHaproxy(ctx.paths);
  await ctx.traffic.detach();
  await removeLbDir(ctx.paths);
  return { removed: state !== null || running !== null };
}

/**
 * The supervisor's look at one load balancer (every ~2 s, and on agent start): HAProxy restarted
 * from its full configuration when it died, leaving servers deleted once their sessions ended,
 * the request log's port bound (again, after an agent restart). A healthy HAProxy is never
 * restarted; it is reloaded when its log must go to another port (the old one was taken while
 * the agent was away, or the state predates the log).
 */
export async function supervise(ctx: ApplyContext): Promise<"absent" | "restarted" | "relogged" | "ok"> {
  const stored = await readState(ctx.paths);
  if (!stored) return "absent";
  const state = await withLogging(ctx, stored);
  if (await masterPid(ctx.paths)) {
    if (!sameState(stored, state)) {
      ctx.log.info("HAProxy's request log goes to a new port: reloading", { lbId: state.lbId, port: state.logging?.port });
      ctx.traffic.learn((await applyState(ctx, stored, state)).state);
      return "relogged";
    }
    if (state.leaving.length) await syncRuntime(ctx, state);
    await trimLog(ctx.paths);
    return "ok";
  }
  ctx.log.warn("HAProxy is not running: starting it again from its configuration", { lbId: state.lbId });
  // the config is rendered from the state again, in case it was lost; it was checked when it was written
  await writeFileAtomic(ctx.paths.config, renderConfig(state, ctx.paths).config);
  await startHaproxy(ctx.binary, ctx.paths);
  const restarted: LbState = { ...state, leaving: [] };
  if (!sameState(stored, restarted)) await writeState(ctx.paths, restarted);
  await syncRuntime(ctx, restarted);
  return "restarted";
}
