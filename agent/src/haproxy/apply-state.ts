/**
 * Makes one load balancer's HAProxy hold a new desired state:
 *  1. the config is rendered in full (pools included), checked with `haproxy -c` and only then
 *     replaces the old one, so a restart or reload always restores the whole desired state;
 *  2. HAProxy is started when it does not run, reloaded seamlessly when anything but server lines
 *     changed (after checking the new frontends' ports can be bound), and left alone otherwise;
 *  3. pools are brought to the desired state through the runtime API (plan-pool.ts); if the runtime
 *     API refuses a command, a reload from the config gets there instead.
 * A failed start or reload restores the previous config and state (and HAProxy with it).
 */
import { readFile, rename, unlink } from "node:fs/promises";
import type { HaproxyCertificate, HaproxyChange } from "@/lib/protocol/haproxy";
import type { Logger } from "../log/logger";
import { CommandError } from "../commands/command-error";
import { bindProblems, checkBinds, portsOf } from "./bind-check";
import { checkConfig, masterPid, reloadHaproxy, startHaproxy, stopHaproxy, workerPid } from "./haproxy-process";
import { ensureLbDir, removeLbDir, removeUnreferenced, writeCertificate, writeFileAtomic, writeState } from "./lb-files";
import { sameState } from "./lb-model";
import { certFile, type LbPaths } from "./lb-paths";
import { desiredBackends, type LbState } from "./lb-state";
import { planPool } from "./plan-pool";
import { readRuntime } from "./read-runtime";
import { needsReload, renderConfig } from "./render-config";
import { runtimeCommand } from "./runtime-socket";
import type { LbTraffic } from "./traffic-receiver";

export type ApplyContext = {
  root: string;
  paths: LbPaths;
  /** This load balancer's traffic log receiver (figures per pool over recent windows). */
  traffic: LbTraffic;
  binary: string;
  log: Logger;
  drainGraceMs: number;
  reloadTimeoutMs: number;
  now: () => number;
};

export type Applied = { state: LbState; change: HaproxyChange };

/** Every file the state refers to under certs/ (the rest is deleted). */
function referencedFiles(ctx: ApplyContext, state: LbState | null): Set<string> {
  if (!state) return new Set();
  const files = new Set(renderConfig(state, ctx.paths).crtLists.map((c) => c.path));
  for (const l of state.listeners) for (const c of l.certificates) files.add(certFile(ctx.paths, c));
  return files;
}

/** Writes the rendered config (and crt-lists) after `haproxy -c` accepted it; false when it was already current. */
async function writeConfig(ctx: ApplyContext, state: LbState): Promise<boolean> {
  const rendered = renderConfig(state, ctx.paths);
  const current = await readFile(ctx.paths.config, "utf8").catch(() => null);
  if (current === rendered.config) return false;
  for (const list of rendered.crtLists) await writeFileAtomic(list.path, list.content);
  await writeFileAtomic(ctx.paths.nextConfig, rendered.config);
  try {
    await checkConfig(ctx.binary, ctx.paths.nextConfig);
  } catch (error) {
    await unlink(ctx.paths.nextConfig).catch(() => undefined);
    throw error;
  }
  await rename(ctx.paths.nextConfig, ctx.paths.config);
  return true;
}

/** After a failed start or reload: the previous config and state back, and HAProxy running them. */
async function restore(ctx: ApplyContext, prev: LbState | null, started: boolean): Promise<void> {
  if (!prev) {
    await stopHaproxy(ctx.paths);
    await removeLbDir(ctx.paths);
    return;
  }
  try {
    await writeConfig(ctx, prev);
    await writeState(ctx.paths, prev);
    if (started) await startHaproxy(ctx.binary, ctx.paths);
    else await reloadHaproxy(ctx.paths, ctx.reloadTimeoutMs);
  } catch (error) {
    ctx.log.error("could not restore the previous HAProxy configuration", {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** A refused reload with what the node can tell about the reason. */
async function explained(error: unknown, next: LbState): Promise<unknown> {
  if (!(error instanceof CommandError) || error.code !== "HAPROXY_RELOAD_FAILED") return error;
  const problems = await bindProblems(next);
  return problems.length ? new CommandError(error.code, `${error.message}; ${problems.join("; ")}`) : error;
}

type Synced = { state: LbState; commands: string[]; reloaded: boolean };

/**
 * Runtime API commands until the running HAProxy holds the state's pools: a second round deletes
 * the leaving servers the first one drained if they have no session left.
 */
export async function syncRuntime(
  ctx: ApplyContext,
  state: LbState,
  /** Brings the config file to `state` before a fallback reload (when the caller has not written it yet). */
  beforeReload: () => Promise<unknown> = async () => undefined,
): Promise<Synced> {
  const commands: string[] = [];
  let reloaded = false;
  let current = state;
  for (let round = 0; round < 3; round++) {
    const runtime = await readRuntime(ctx.paths);
    const plan = planPool({
      backends: desiredBackends(current),
      runtime: runtime.servers,
      sessions: runtime.sessions,
      leaving: current.leaving,
      now: ctx.now(),
      graceMs: ctx.drainGraceMs,
    });
    if (!plan.commands.length && !plan.deletions.length) {
      current = { ...current, leaving: plan.leaving };
      break;
    }
    try {
      for (const command of plan.commands) {
        await runtimeCommand(ctx.paths.adminSocket, command);
        commands.push(command);
      }
    } catch (error) {
      if (reloaded) throw error;
      // the config file holds the full desired state: a reload gets there as well
      ctx.log.warn("runtime API change failed; reloading HAProxy from its configuration instead", {
        error: error instanceof Error ? error.message : String(error),
      });
      await beforeReload();
      await reloadHaproxy(ctx.paths, ctx.reloadTimeoutMs);
      reloaded = true;
      current = { ...current, leaving: [] };
      continue;
    }
    const leaving = [...plan.leaving];
    for (const deletion of plan.deletions) {
      try {
        for (const command of deletion.commands) {
          await runtimeCommand(ctx.paths.adminSocket, command);
          commands.push(command);
        }
      } catch (error) {
        // e.g. idle connections still attached: tried again by the next command or supervisor tick
        ctx.log.debug("leaving server not deleted yet", {
          server: `${deletion.entry.backend}/${deletion.entry.server}`,
          error: error instanceof Error ? error.message : String(error),
        });
        leaving.push(deletion.entry);
      }
    }
    current = { ...current, leaving };
  }
  if (!sameState(current, state)) await writeState(ctx.paths, current);
  return { state: current, commands, reloaded };
}

/**
 * Only pools change on a running HAProxy: the runtime API first, because that is what traffic
 * waits for (a stopping task must be out of its pool before it closes; its shutdown delay may be a
 * second or two), then the config and state files, for the next start or reload. Checking and
 * syncing those files first (`haproxy -c`, fsyncs) took most of a second on a busy node.
 * A config the check refuses fails the command after the pool changed; the control plane sends
 * the state again, and the pool it holds meanwhile is the desired one.
 */
async function applyPools(ctx: ApplyContext, prev: LbState, next: LbState): Promise<Applied> {
  const synced = await syncRuntime(ctx, next, () => writeConfig(ctx, next));
  await writeConfig(ctx, next); // unchanged (and not checked again) when the fallback reload wrote it
  if (!sameState(prev, synced.state)) await writeState(ctx.paths, synced.state);
  return applied(ctx, prev, synced, synced.reloaded);
}

/** What an apply did: `reloaded` when HAProxy started or reloaded on the way. */
async function applied(ctx: ApplyContext, prev: LbState | null, synced: Synced, reloaded: boolean): Promise<Applied> {
  return {
    state: synced.state,
    change: {
      changed: reloaded || synced.commands.length > 0 || !sameState(prev, synced.state),
      reloaded,
      runtimeCommands: synced.commands,
      workerPid: await workerPid(ctx.paths),
    },
  };
}

/** Brings HAProxy from `prev` (null: nothing of this load balancer on the node yet) to `next`. */
export async function applyState(
  ctx: ApplyContext,
  prev: LbState | null,
  next: LbState,
  certificates: HaproxyCertificate[] = [],
): Promise<Applied> {
  const running = (await masterPid(ctx.paths)) !== null;
  const reload = running && (prev === null || needsReload(prev, next, ctx.paths));
  if (running && prev !== null && !reload && certificates.length === 0) return applyPools(ctx, prev, next);
  // refused before anything is written
  if (!running || reload) await checkBinds(next, running ? portsOf(prev) : new Set());
  const created = await ensureLbDir(ctx.root, ctx.paths);
  let state = next;
  try {
    for (const cert of certificates) await writeCertificate(ctx.paths, cert);
    await writeConfig(ctx, next);
  } catch (error) {
    if (created || !prev) await removeLbDir(ctx.paths);
    else await removeUnreferenced(ctx.paths, referencedFiles(ctx, prev));
    throw error;
  }
  // the new worker holds only the config's servers: nothing is leaving any more
  if (!running || reload) state = { ...next, leaving: [] };
  if (!sameState(prev, state)) await writeState(ctx.paths, state);
  try {
    if (!running) await startHaproxy(ctx.binary, ctx.paths);
    else if (reload) await reloadHaproxy(ctx.paths, ctx.reloadTimeoutMs);
  } catch (error) {
    await restore(ctx, prev, !running);
    await removeUnreferenced(ctx.paths, referencedFiles(ctx, prev)).catch(() => undefined);
    throw await explained(error, next);
  }
  if (!running) ctx.log.info("HAProxy started", { lbId: next.lbId });
  else if (reload) ctx.log.info("HAProxy reloaded", { lbId: next.lbId });
  const synced = await syncRuntime(ctx, state);
  await removeUnreferenced(ctx.paths, referencedFiles(ctx, synced.state));
  return applied(ctx, prev, synced, !running || reload || synced.reloaded);
}
