/**
 * What every release step builds on: moving the machine (goTo), asking the traffic layer for new
 * weights and waiting until the balancers hold them (shiftTraffic, trafficApplied), the tasks the
 * nodes report, a colour's open sessions and its drain, applying one colour of a service, and the
 * turn to a rollback.
 */
import { OBJECT_LABELS } from "@/lib/protocol/object-labels";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storedTasks, takesTraffic, type ReportedTask } from "@/lib/protocol/task-report";
import { sendCommand } from "../commands/send-command";
import { applyServiceSpec } from "../applications/deploy/apply-template";
import { bindDataObjects, contentNames } from "../applications/deploy/bind-data-objects";
import { failingReason } from "../applications/deploy/wait-converged";
import { withReplicas } from "../applications/service-facts";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import type { ReleaseContext, ReleaseRow } from "./release-context";
import { recordReleaseEvent, type DecisionFigures } from "./release-events";
import { releaseBalancers } from "./release-figures";

/** New tasks that do not take traffic within this long fail the release (it rolls back). */
export const HEALTHY_TIMEOUT_MS = 180_000;
/** Docker's default stop grace period: how long a drained task may keep its open sessions. */
const DEFAULT_GRACE_MS = 10_000;

export type Update = Prisma.ReleaseUpdateInput;

export async function update(release: ReleaseRow, data: Update) {
  await prisma.release.update({ where: { id: release.id }, data });
  Object.assign(release, data);
}

/** Moves to another step (and state), restarting the step clock. */
export const goTo = (release: ReleaseRow, state: ReleaseRow["state"], step: string, data: Update = {}) =>
  update(release, { state, step, stepStartedAt: new Date(), awaitTraffic: null, ...data });

/** Asks the traffic layer to apply the release's weights now; the step then waits for that generation. */
export async function shiftTraffic(ctx: ReleaseContext, data: Update = {}): Promise<Update> {
  const generation = await prisma.$transaction(async (tx) => {
    await tx.release.update({ where: { id: ctx.release.id }, data });
    await markTrafficChanged(ctx.clusterId, tx);
    return (await tx.cluster.findUniqueOrThrow({ where: { id: ctx.clusterId }, select: { trafficRequested: true } })).trafficRequested;
  });
  Object.assign(ctx.release, data);
  await enqueueTrafficSync(ctx.clusterId, ctx.app.log);
  return { awaitTraffic: generation };
}

export async function trafficApplied(ctx: ReleaseContext): Promise<boolean> {
  if (ctx.release.awaitTraffic === null) return true;
  const cluster = await prisma.cluster.findUniqueOrThrow({ where: { id: ctx.clusterId }, select: { trafficSynced: true } });
  return cluster.trafficSynced >= ctx.release.awaitTraffic;
}

/** Every task the nodes report, by Swarm service name, with the node it runs on. */
export async function reportedTasks(clusterId: string): Promise<Map<string, Array<ReportedTask & { nodeId: string }>>> {
  const rows = await prisma.nodeTasks.findMany({
    where: { clusterId, node: { removedAt: null, status: { in: ["READY", "UNREACHABLE"] } } },
    select: { nodeId: true, tasks: true },
  });
  const byService = new Map<string, Array<ReportedTask & { nodeId: string }>>();
  for (const row of rows) {
    for (const task of storedTasks(row.tasks)) {
      const list = byService.get(task.service) ?? [];
      list.push({ ...task, nodeId: row.nodeId });
      byService.set(task.service, list);
    }
  }
  return byService;
}

/**
 * The tasks the swarm itself wants running, by service name, with the Wharf node each runs on (null
 * while the node is unknown). The manager's view is whole where node reports may lag a beat; a step
 * that must not miss an old task (a drain before a scale-down) reads this.
 */
/** The manager's own view of the application's services and tasks. */
export const swarmStatus = (ctx: ReleaseContext) =>
  sendCommand({ nodeId: ctx.app.managerId, type: "services.status", payload: { labels: ctx.app.labels }, timeoutMs: 20_000 });

export type SwarmTask = { taskId: string; nodeId: string | null; swarmNodeId: string | null; slot: number | null };

export async function swarmRunningTasks(ctx: ReleaseContext): Promise<Map<string, SwarmTask[]>> {
  const status = await swarmStatus(ctx);
  const nodes = await prisma.node.findMany({
    where: { clusterId: ctx.clusterId, removedAt: null, swarmNodeId: { not: null } },
    select: { id: true, swarmNodeId: true },
  });
  const wharfNode = new Map(nodes.map((n) => [n.swarmNodeId, n.id]));
  const byService = new Map<string, SwarmTask[]>();
  for (const t of status.tasks.filter((x) => x.desiredState === "running")) {
    const list = byService.get(t.serviceName) ?? [];
    list.push({ taskId: t.id, nodeId: (t.nodeId && wharfNode.get(t.nodeId)) ?? null, swarmNodeId: t.nodeId, slot: t.slot });
    byService.set(t.serviceName, list);
  }
  return byService;
}

export const serving = (tasks: ReportedTask[] | undefined) => (tasks ?? []).filter(takesTraffic).length;

/**
 * Why the new colour's tasks cannot start, in Docker's words, when they keep failing (a crash loop
 * rolls back at once instead of waiting out the health timeout); null while they may still come up.
 */
export async function newColourFailing(ctx: ReleaseContext): Promise<string | null> {
  const status = await swarmStatus(ctx);
  for (const p of ctx.pairs) {
    const reason = failingReason(status, p.to);
    if (reason) return `${p.to} cannot start its tasks (${reason})`;
  }
  return null;
}

/** Open sessions of these backends (task ids) at the release's balancers, or of a whole colour. */
export async function openSessions(ctx: ReleaseContext, which: { ids?: ReadonlySet<string>; pool?: string }): Promise<number> {
  let open = 0;
  for (const { driver, handle } of await releaseBalancers(ctx.clusterId, ctx.pairs)) {
    const stats = await driver.stats(handle);
    for (const l of stats.listeners)
      for (const b of l.backends)
        if ((which.ids?.has(b.id) ?? false) || (which.pool !== undefined && b.pool === which.pool)) open += b.currentSessions;
  }
  return open;
}

export function graceMs(compiled: Awaited<ReturnType<ReleaseContext["compile"]>>, names: string[]): number {
  const periods = compiled.services.filter((s) => names.includes(s.name)).map((s) => s.spec.TaskTemplate.ContainerSpec?.StopGracePeriod);
  return Math.max(DEFAULT_GRACE_MS, ...periods.map((ns) => (typeof ns === "number" ? ns / 1e6 : 0)));
}

/** Waits (over calls) until the weights are applied and the sessions ended or the grace period ran out. */
export async function drained(
  ctx: ReleaseContext,
  which: { ids?: ReadonlySet<string>; pool?: string },
  compiled: Awaited<ReturnType<ReleaseContext["compile"]>>,
): Promise<boolean> {
  if (!(await trafficApplied(ctx))) return false;
  const waited = Date.now() - ctx.release.stepStartedAt.getTime();
  if (
    waited >
    graceMs(
      compiled,
      ctx.pairs.map((p) => p.name),
    )
  )
    return true;
  return (await openSessions(ctx, which).catch(() => 0)) === 0;
}

/** One colour of one service at a replica count, from a compiled version (bound to its secrets and configs). */
export async function applyColour(ctx: ReleaseContext, which: "from" | "to", name: string, replicas: number) {
  const compiled = await ctx.compile(which);
  const service = compiled.services.find((s) => s.name === name);
  const pair = ctx.pairs.find((p) => p.name === name);
  if (!service || !pair)
    throw new AppError("CONFLICT", `Service ${name} is not in version ${which === "from" ? "being replaced" : "being released"}`);
  const swarmName = which === "from" ? pair.from : pair.to;
  // The old colour is re-applied as it was deployed (only its replicas change); the new one carries its colour label.
  const spec = {
    ...service.spec,
    Name: swarmName,
    Labels: { ...service.spec.Labels, ...(which === "to" ? { [OBJECT_LABELS.colour]: ctx.release.toColour } : {}) },
  };
  await applyServiceSpec(
    ctx.app,
    bindDataObjects(withReplicas(spec, replicas), contentNames(compiled.secrets), contentNames(compiled.configs)),
    compiled.policy,
  );
}

export async function beginRollback(
  ctx: ReleaseContext,
  outcome: "FAILED" | "ABORTED",
  event: { actor?: string; message: string; figures?: DecisionFigures | null },
) {
  const { release } = ctx;
  await recordReleaseEvent(release.id, {
    actor: event.actor,
    kind: outcome === "FAILED" ? "failure" : "abort",
    message: event.message,
    figures: event.figures,
  });
  // Traffic goes back to the old colour first, before anything else is touched.
  const wait = await shiftTraffic(ctx, { toWeight: 0 });
  await goTo(release, "ROLLING_BACK", "restore", {
    ...wait,
    rollbackTo: outcome,
    requested: null,
    error: outcome === "FAILED" ? event.message.slice(0, 2000) : null,
  });
}
