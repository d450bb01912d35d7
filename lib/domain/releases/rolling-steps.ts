/**
 * The rolling strategy's steps, through the load balancer, `parallelism` tasks at a time: start new
 * tasks and wait until they take traffic; drain as many old ones (weight 0, their sessions end);
 * stop each on its node, then scale the old service down, so Swarm removes exactly those.
 */
import { sendCommand } from "../commands/send-command";
import type { ReleaseContext } from "./release-context";
import { recordReleaseEvent } from "./release-events";
import {
  applyColour,
  beginRollback,
  drained,
  goTo,
  graceMs,
  HEALTHY_TIMEOUT_MS,
  newColourFailing,
  reportedTasks,
  serving,
  shiftTraffic,
  swarmRunningTasks,
  swarmStatus,
} from "./step-kit";
import { tasksSwarmRemovesFirst } from "./swarm-scale-down";

/** How long a step waits for the manager to see stopped tasks stop before it scales down anyway. */
const STOP_SEEN_TIMEOUT_MS = 20_000;

/**
 * Rolling through the balancer, `parallelism` tasks at a time: new tasks start and join the pool
 * once healthy; then as many old tasks are drained (weight 0), their sessions end, and each is
 * stopped on its node before the old service scales down, so Swarm removes exactly those.
 */
export async function scaleUp(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const total = Math.max(...pairs.map((p) => p.replicas));
  if (release.stepIndex >= total) {
    await recordReleaseEvent(release.id, { kind: "step", message: `Every task runs the new version` });
    return goTo(release, "PROMOTING", "shift");
  }
  const next = Math.min(total, release.stepIndex + release.parallelism);
  for (const p of pairs) await applyColour(ctx, "to", p.name, Math.min(p.replicas, next));
  await goTo(release, "VERIFYING", "await-new", { stepIndex: next });
  await recordReleaseEvent(release.id, {
    kind: "step",
    message: `Starting new task${next - release.stepIndex === 1 ? "" : "s"}: ${next} of ${total}`,
  });
}

export async function awaitNew(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const tasks = await reportedTasks(ctx.clusterId);
  const ready = pairs.every((p) => serving(tasks.get(p.to)) >= Math.min(p.replicas, release.stepIndex));
  if (ready) return goTo(release, "VERIFYING", "drain");
  const failing = await newColourFailing(ctx);
  if (failing) return beginRollback(ctx, "FAILED", { message: failing });
  if (Date.now() - release.stepStartedAt.getTime() > HEALTHY_TIMEOUT_MS) {
    await beginRollback(ctx, "FAILED", {
      message: `New task ${release.stepIndex} did not become healthy within ${HEALTHY_TIMEOUT_MS / 60_000} minutes; rolling back`,
    });
  }
}

export async function drainOld(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  // The swarm's own list, not the node reports: a report that lags a beat would leave an old task
  // out of the drain, and the scale-down would then cut its open requests.
  const tasks = await swarmRunningTasks(ctx);
  const already = new Set(release.drained);
  const chosen: string[] = [];
  for (const p of pairs) {
    const keep = Math.max(0, p.replicas - release.stepIndex);
    const candidates = (tasks.get(p.from) ?? []).filter((t) => !already.has(t.taskId));
    chosen.push(...tasksSwarmRemovesFirst(candidates, candidates.length - keep).map((t) => t.taskId));
  }
  const wait = chosen.length ? await shiftTraffic(ctx, { drained: [...release.drained, ...chosen] }) : {};
  await goTo(release, "VERIFYING", "drain-wait", wait);
  if (chosen.length)
    await recordReleaseEvent(release.id, {
      kind: "step",
      message: `Draining old task${chosen.length === 1 ? "" : "s"} ${chosen.map((id) => id.slice(0, 12)).join(", ")} (weight 0; open requests finish)`,
    });
}

export async function drainWait(ctx: ReleaseContext) {
  if (!(await drained(ctx, { ids: new Set(ctx.release.drained) }, await ctx.compile("from")))) return;
  await goTo(ctx.release, "VERIFYING", "stop-old");
}

export async function stopOld(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const tasks = await swarmRunningTasks(ctx);
  const drainedIds = new Set(release.drained);
  const stopped: string[] = [];
  for (const p of pairs) {
    const mine = (tasks.get(p.from) ?? []).filter((x) => drainedIds.has(x.taskId));
    for (const t of mine) {
      if (!t.nodeId) continue; // a node Wharf does not know: the scale-down below removes the task
      const r = await sendCommand({
        nodeId: t.nodeId,
        type: "task.stop",
        payload: { taskId: t.taskId, timeoutSeconds: Math.ceil(graceMs(await ctx.compile("from"), [p.name]) / 1000) },
        timeoutMs: 120_000,
      });
      if (r.stopped) stopped.push(t.taskId.slice(0, 12));
    }
    // Swarm prefers stopped tasks among equals when it scales down (see swarm-scale-down.ts), so the
    // manager must have seen them stop before it is asked.
    if (mine.length) await untilSwarmSeesStopped(ctx, new Set(mine.map((t) => t.taskId)));
    await applyColour(ctx, "from", p.name, Math.max(0, p.replicas - release.stepIndex));
  }
  await recordReleaseEvent(release.id, {
    kind: "step",
    message: `${stopped.length ? `Stopped ${stopped.join(", ")}; ` : ""}old service down to ${Math.max(0, Math.max(...pairs.map((p) => p.replicas)) - release.stepIndex)} task(s)`,
  });
  await goTo(release, "VERIFYING", "scale-up");
}

/** Until no task in `ids` is running in the manager's view (or the time is up: the scale-down goes ahead). */
async function untilSwarmSeesStopped(ctx: ReleaseContext, ids: ReadonlySet<string>) {
  const deadline = Date.now() + STOP_SEEN_TIMEOUT_MS;
  for (;;) {
    const stillRunning = (await swarmStatus(ctx)).tasks.some((t) => ids.has(t.id) && t.state === "running");
    if (!stillRunning || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}
