/**
 * The haproxy.* commands for one load balancer (the manager runs them one at a time per load
 * balancer). Each reads the stored desired state, computes the next one (lb-model.ts) and applies
 * it (apply-state.ts). Nothing is written for a load balancer before a command that creates it
 * succeeds validation: a pool change for a listener that does not exist creates nothing.
 */
import type { HaproxyBackend, HaproxyChange, HaproxyDescribeResult, HaproxyLbSettings, HaproxyListener, HaproxyListenerKey, HaproxyStatsResult } from "@/lib/protocol/haproxy";
import { applyState, syncRuntime, type ApplyContext } from "./apply-state";
import { masterPid, startHaproxy, stopHaproxy, trimLog, workerPid } from "./haproxy-process";
import { checkCertificate, readState, removeLbDir, writeFileAtomic, writeState } from "./lb-files";
import { sameState, withBackends, withDrained, withListener, withoutListener } from "./lb-model";
import { contentHash } from "./lb-paths";
import type { LbState } from "./lb-state";
import { describeLb, lbStats } from "./observe-lb";
import { readRuntime } from "./read-runtime";
import { renderConfig } from "./render-config";

const unchanged = async (ctx: ApplyContext): Promise<HaproxyChange> => ({ changed: false, reloaded: false, runtimeCommands: [], workerPid: await workerPid(ctx.paths) });

export async function ensureListener(ctx: ApplyContext, input: { lbId: string; settings: HaproxyLbSettings; listener: HaproxyListener }): Promise<HaproxyChange> {
  for (const cert of input.listener.certificates) checkCertificate(cert);
  const prev = await readState(ctx.paths);
  const certificates = input.listener.certificates.map((c) => ({ name: c.name, sha256: contentHash(c.pem) }));
  const next = withListener(prev, { ...input, certificates });
  return (await applyState(ctx, prev, next, input.listener.certificates)).change;
}

export async function setBackends(ctx: ApplyContext, key: HaproxyListenerKey, backends: HaproxyBackend[]): Promise<HaproxyChange> {
  const prev = await readState(ctx.paths);
  const next = withBackends(prev, key, backends, ctx.now());
  return (await applyState(ctx, prev, next)).change;
}

export async function drainBackend(ctx: ApplyContext, key: HaproxyListenerKey, backendId: string): Promise<HaproxyChange> {
  const prev = await readState(ctx.paths);
  const next = withDrained(prev, key, backendId);
  return (await applyState(ctx, prev, next)).change;
}

export async function deleteListener(ctx: ApplyContext, key: HaproxyListenerKey): Promise<HaproxyChange> {
  const prev = await readState(ctx.paths);
  if (!prev) return unchanged(ctx);
  const next = withoutListener(prev, key);
  if (sameState(prev, next) && (await masterPid(ctx.paths))) return unchanged(ctx);
  return (await applyState(ctx, prev, next)).change;
}

async function runningSnapshot(ctx: ApplyContext) {
  if (!(await masterPid(ctx.paths))) return null;
  return readRuntime(ctx.paths).catch(() => null);
}

export async function describe(ctx: ApplyContext, version: string | null): Promise<HaproxyDescribeResult> {
  const state = await readState(ctx.paths);
  if (!state) return { version, running: false, workerPid: null, settings: null, listeners: [] };
  const runtime = await runningSnapshot(ctx);
  return { version, running: runtime !== null, workerPid: runtime ? await workerPid(ctx.paths) : null, settings: state.settings, listeners: describeLb(state, runtime) };
}

export async function stats(ctx: ApplyContext): Promise<HaproxyStatsResult> {
  const state = await readState(ctx.paths);
  const at = new Date(ctx.now()).toISOString();
  if (!state) return { at, running: false, listeners: [] };
  const runtime = await runningSnapshot(ctx);
  return { at, running: runtime !== null, listeners: lbStats(state, runtime) };
}

export async function remove(ctx: ApplyContext): Promise<{ removed: boolean }> {
  const state = await readState(ctx.paths).catch(() => null);
  const running = await masterPid(ctx.paths);
  await stopHaproxy(ctx.paths);
  await removeLbDir(ctx.paths);
  return { removed: state !== null || running !== null };
}

/**
 * The supervisor's look at one load balancer (every ~2 s, and on agent start): HAProxy restarted
 * from its full configuration when it died, leaving servers deleted once their sessions ended.
 * A healthy HAProxy is never restarted.
 */
export async function supervise(ctx: ApplyContext): Promise<"absent" | "restarted" | "ok"> {
  const state = await readState(ctx.paths);
  if (!state) return "absent";
  if (await masterPid(ctx.paths)) {
    if (state.leaving.length) await syncRuntime(ctx, state);
    await trimLog(ctx.paths);
    return "ok";
  }
  ctx.log.warn("HAProxy is not running: starting it again from its configuration", { lbId: state.lbId });
  // the config is rendered from the state again, in case it was lost; it was checked when it was written
  await writeFileAtomic(ctx.paths.config, renderConfig(state, ctx.paths).config);
  await startHaproxy(ctx.binary, ctx.paths);
  const restarted: LbState = { ...state, leaving: [] };
  if (state.leaving.length) await writeState(ctx.paths, restarted);
  await syncRuntime(ctx, restarted);
  return "restarted";
}
