/**
 * The release state machine, one small step per call. Each step reads what it needs from
 * PostgreSQL (the release row, the nodes' task reports, the balancers' applied pools), does one
 * idempotent thing (apply, scale, drain, stop, remove) and records where it got to, so a worker,
 * gateway, agent or HAProxy that dies at any point leaves a release the next call continues.
 *
 *   PENDING ─► DEPLOYING (apply the new colour) ─► VERIFYING ─► PROMOTING ─► DONE
 *                     │                  │ healthy → hold (blue-green: the user moves weights)
 *                     │                  │         → canary steps with guard rails
 *                     │                  │ rolling: scale new +1 → drain one old → stop it → …
 *                     └───── failure ────┴─► ROLLING_BACK ─► FAILED (something broke) / ABORTED (a person, a guard rail)
 *
 * Traffic never reaches a removed backend: a colour is removed only after its weights are 0 at
 * the balancers (the sync generation it waited for) and its open sessions ended (bounded by the
 * stop grace period).
 */
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CanaryParams } from "@/lib/schemas/releases";
import { reportedTaskSchema, takesTraffic, type ReportedTask } from "@/lib/protocol/task-report";
import { sendCommand } from "../commands/send-command";
import { applyServiceSpec, applyTemplate } from "../applications/deploy/apply-template";
import { bindDataObjects, contentNames } from "../applications/deploy/bind-data-objects";
import { failingReason } from "../applications/deploy/wait-converged";
import { withReplicas } from "../applications/service-facts";
import { syncServices } from "../applications/sync-services";
import { recordEvent } from "../applications/record-event";
import { lbDriver } from "../traffic/lb-driver";
import { lbDriverKind, toLbHandle } from "../traffic/lb-handle";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { appliedOf } from "../traffic/sync-cluster-traffic";
import { judgeCanary } from "./canary-guard";
import type { ReleaseContext, ReleaseRow } from "./release-context";
import { recordReleaseEvent, type DecisionFigures } from "./release-events";
import { measureRelease } from "./release-figures";

/** New tasks that do not take traffic within this long fail the release (it rolls back). */
export const HEALTHY_TIMEOUT_MS = 180_000;
/** Docker's default stop grace period: how long a drained task may keep its open sessions. */
const DEFAULT_GRACE_MS = 10_000;

type Update = Prisma.ReleaseUpdateInput;

async function update(release: ReleaseRow, data: Update) {
  await prisma.release.update({ where: { id: release.id }, data });
  Object.assign(release, data);
}

/** Moves to another step (and state), restarting the step clock. */
const goTo = (release: ReleaseRow, state: ReleaseRow["state"], step: string, data: Update = {}) =>
  update(release, { state, step, stepStartedAt: new Date(), awaitTraffic: null, ...data });

/** Asks the traffic layer to apply the release's weights now; the step then waits for that generation. */
async function shiftTraffic(ctx: ReleaseContext, data: Update = {}): Promise<Update> {
  const generation = await prisma.$transaction(async (tx) => {
    await tx.release.update({ where: { id: ctx.release.id }, data });
    await markTrafficChanged(ctx.clusterId, tx);
    return (await tx.cluster.findUniqueOrThrow({ where: { id: ctx.clusterId }, select: { trafficRequested: true } })).trafficRequested;
  });
  Object.assign(ctx.release, data);
  await enqueueTrafficSync(ctx.clusterId, ctx.app.log);
  return { awaitTraffic: generation };
}

async function trafficApplied(ctx: ReleaseContext): Promise<boolean> {
  if (ctx.release.awaitTraffic === null) return true;
  const cluster = await prisma.cluster.findUniqueOrThrow({ where: { id: ctx.clusterId }, select: { trafficSynced: true } });
  return cluster.trafficSynced >= ctx.release.awaitTraffic;
}

/** Every task the nodes report, by Swarm service name, with the node it runs on. */
async function reportedTasks(clusterId: string): Promise<Map<string, Array<ReportedTask & { nodeId: string }>>> {
  const rows = await prisma.nodeTasks.findMany({ where: { clusterId, node: { removedAt: null, status: { in: ["READY", "UNREACHABLE"] } } }, select: { nodeId: true, tasks: true } });
  const byService = new Map<string, Array<ReportedTask & { nodeId: string }>>();
  for (const row of rows) {
    for (const raw of Array.isArray(row.tasks) ? row.tasks : []) {
      const parsed = reportedTaskSchema.safeParse(raw);
      if (!parsed.success) continue;
      const list = byService.get(parsed.data.service) ?? [];
      list.push({ ...parsed.data, nodeId: row.nodeId });
      byService.set(parsed.data.service, list);
    }
  }
  return byService;
}

const serving = (tasks: ReportedTask[] | undefined) => (tasks ?? []).filter(takesTraffic).length;

/**
 * Why the new colour's tasks cannot start, in Docker's words, when they keep failing (a crash loop
 * rolls back at once instead of waiting out the health timeout); null while they may still come up.
 */
async function newColourFailing(ctx: ReleaseContext): Promise<string | null> {
  const status = await sendCommand({ nodeId: ctx.app.managerId, type: "services.status", payload: { labels: ctx.app.labels }, timeoutMs: 20_000 });
  for (const p of ctx.pairs) {
    const reason = failingReason(status, p.to);
    if (reason) return `${p.to} cannot start its tasks (${reason})`;
  }
  return null;
}

/** Open sessions of these backends (task ids) at the release's balancers, or of a whole colour. */
async function openSessions(ctx: ReleaseContext, which: { ids?: ReadonlySet<string>; pool?: string }): Promise<number> {
  const fromNames = new Set(ctx.pairs.map((p) => p.from));
  let open = 0;
  for (const lb of await prisma.loadBalancer.findMany({ where: { clusterId: ctx.clusterId } })) {
    const listeners = (appliedOf(lb)?.listeners ?? []).filter((l) => fromNames.has(l.service.swarmName));
    if (!listeners.length) continue;
    const stats = await lbDriver(lbDriverKind(lb.driver)).stats(toLbHandle(lb));
    for (const l of stats.listeners) for (const b of l.backends) if ((which.ids?.has(b.id) ?? false) || (which.pool !== undefined && b.pool === which.pool)) open += b.currentSessions;
  }
  return open;
}

function graceMs(compiled: Awaited<ReturnType<ReleaseContext["compile"]>>, names: string[]): number {
  const periods = compiled.services.filter((s) => names.includes(s.name)).map((s) => s.spec.TaskTemplate.ContainerSpec?.StopGracePeriod);
  return Math.max(DEFAULT_GRACE_MS, ...periods.map((ns) => (typeof ns === "number" ? ns / 1e6 : 0)));
}

/** Waits (over calls) until the weights are applied and the sessions ended or the grace period ran out. */
async function drained(ctx: ReleaseContext, which: { ids?: ReadonlySet<string>; pool?: string }, compiled: Awaited<ReturnType<ReleaseContext["compile"]>>): Promise<boolean> {
  if (!(await trafficApplied(ctx))) return false;
  const waited = Date.now() - ctx.release.stepStartedAt.getTime();
  if (waited > graceMs(compiled, ctx.pairs.map((p) => p.name))) return true;
  return (await openSessions(ctx, which).catch(() => 0)) === 0;
}

/** One colour of one service at a replica count, from a compiled version (bound to its secrets and configs). */
async function applyColour(ctx: ReleaseContext, which: "from" | "to", name: string, replicas: number) {
  const compiled = await ctx.compile(which);
  const service = compiled.services.find((s) => s.name === name);
  const pair = ctx.pairs.find((p) => p.name === name);
  if (!service || !pair) throw new AppError("CONFLICT", `Service ${name} is not in version ${which === "from" ? "being replaced" : "being released"}`);
  const swarmName = which === "from" ? pair.from : pair.to;
  // The old colour is re-applied as it was deployed (only its replicas change); the new one carries its colour label.
  const spec = { ...service.spec, Name: swarmName, Labels: { ...service.spec.Labels, ...(which === "to" ? { "wharf.colour": ctx.release.toColour } : {}) } };
  await applyServiceSpec(ctx.app, bindDataObjects(withReplicas(spec, replicas), contentNames(compiled.secrets), contentNames(compiled.configs)), compiled.policy);
}

export async function beginRollback(ctx: ReleaseContext, outcome: "FAILED" | "ABORTED", event: { actor?: string; message: string; figures?: DecisionFigures | null }) {
  const { release } = ctx;
  await recordReleaseEvent(release.id, { actor: event.actor, kind: outcome === "FAILED" ? "failure" : "abort", message: event.message, figures: event.figures });
  // Traffic goes back to the old colour first, before anything else is touched.
  const wait = await shiftTraffic(ctx, { toWeight: 0 });
  await goTo(release, "ROLLING_BACK", "restore", { ...wait, rollbackTo: outcome, requested: null, error: outcome === "FAILED" ? event.message.slice(0, 2000) : null });
}

// ── DEPLOYING ────────────────────────────────────────────────────────────────────────────────

async function deploy(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const rolling = release.strategy === "ROLLING";
  const compiled = await ctx.compile("to");
  const overrides = new Map(pairs.map((p) => [p.name, { swarmName: p.to, replicas: rolling ? 0 : p.replicas, labels: { "wharf.colour": release.toColour } }]));
  await recordReleaseEvent(release.id, { kind: "step", message: rolling ? `Preparing ${pairs.map((p) => p.to).join(", ")} (0 tasks; the old tasks are replaced one at a time)` : `Starting ${pairs.map((p) => `${p.to} (${p.replicas} tasks)`).join(", ")} beside ${pairs.map((p) => p.from).join(", ")}` });
  // Everything else in the version (networks, secrets, services not behind a balancer) is applied as a deployment would.
  await applyTemplate(ctx.app, compiled, { overrides, keep: pairs.map((p) => p.from) });
  await goTo(release, "VERIFYING", rolling ? "scale-up" : "healthy");
}

// ── VERIFYING ────────────────────────────────────────────────────────────────────────────────

async function waitHealthy(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const tasks = await reportedTasks(ctx.clusterId);
  const ready = pairs.every((p) => serving(tasks.get(p.to)) >= p.replicas);
  if (!ready) {
    const failing = await newColourFailing(ctx);
    if (failing) return beginRollback(ctx, "FAILED", { message: failing });
    if (Date.now() - release.stepStartedAt.getTime() > HEALTHY_TIMEOUT_MS) {
      await beginRollback(ctx, "FAILED", { message: `The new version's tasks did not become healthy within ${HEALTHY_TIMEOUT_MS / 60_000} minutes (${pairs.map((p) => `${p.to}: ${serving(tasks.get(p.to))} of ${p.replicas}`).join(", ")})` });
    }
    return;
  }
  await recordReleaseEvent(release.id, { kind: "step", message: `${release.toColour} is healthy: ${pairs.map((p) => `${p.to} ${p.replicas}/${p.replicas}`).join(", ")} in the load balancer's pool (weight 0 until traffic moves)` });
  if (release.strategy === "CANARY") return startCanaryStep(ctx, 0);
  await goTo(release, "VERIFYING", "hold");
  await recordReleaseEvent(release.id, { kind: "step", message: `Waiting for a decision: move traffic to ${release.toColour}, promote or roll back` });
}

async function startCanaryStep(ctx: ReleaseContext, index: number) {
  const params = ctx.release.canary as unknown as CanaryParams;
  const percent = params.steps[index] ?? 100;
  const wait = await shiftTraffic(ctx, { toWeight: percent });
  await goTo(ctx.release, "VERIFYING", "canary", { ...wait, stepIndex: index });
  await recordReleaseEvent(ctx.release.id, { kind: "canary-step", message: `Canary step ${index + 1} of ${params.steps.length}: ${percent} % of requests to ${ctx.release.toColour}, held ${params.holdSeconds} s` });
}

/** Before the first sample of a step is judged, requests sent under the old weights have to leave the window. */
const SETTLE_MS = 2_000;

async function canary(ctx: ReleaseContext) {
  const { release } = ctx;
  if (!(await trafficApplied(ctx))) return;
  const params = release.canary as unknown as CanaryParams;
  const elapsed = Date.now() - release.stepStartedAt.getTime();
  const holdMs = params.holdSeconds * 1000;
  const windowMs = Math.min(holdMs, elapsed - SETTLE_MS);
  // Judged continuously from half the hold on (a bad canary stops early), and once more at its end.
  if (windowMs < Math.min(holdMs / 2, 10_000)) return;
  const measured = await measureRelease({ clusterId: ctx.clusterId, services: ctx.pairs, windowMs });
  const figures: DecisionFigures = measured.byColour;
  const oldFigures = measured.byColour[release.fromColour as "blue" | "green"];
  const newFigures = measured.byColour[release.toColour as "blue" | "green"];
  const verdict = judgeCanary(params, { old: release.fromColour, new: release.toColour }, oldFigures, newFigures);
  if (verdict.verdict === "crossed") {
    return beginRollback(ctx, "ABORTED", { message: `Canary aborted at step ${release.stepIndex + 1} (${release.toWeight} %): ${verdict.reason}`, figures });
  }
  if (elapsed < holdMs + SETTLE_MS) return;
  const last = release.stepIndex >= params.steps.length - 1;
  await recordReleaseEvent(release.id, { kind: "canary-pass", message: `Step ${release.stepIndex + 1} passed (${release.toWeight} %): ${verdict.reason}${last ? "; promoting" : ""}`, figures });
  if (last) return goTo(release, "PROMOTING", "shift");
  return startCanaryStep(ctx, release.stepIndex + 1);
}

/**
 * Rolling through the balancer, `parallelism` tasks at a time: new tasks start and join the pool
 * once healthy; then as many old tasks are drained (weight 0), their sessions end, and each is
 * stopped on its node before the old service scales down, so Swarm removes exactly those.
 */
async function scaleUp(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const total = Math.max(...pairs.map((p) => p.replicas));
  if (release.stepIndex >= total) {
    await recordReleaseEvent(release.id, { kind: "step", message: `Every task runs the new version` });
    return goTo(release, "PROMOTING", "shift");
  }
  const next = Math.min(total, release.stepIndex + release.parallelism);
  for (const p of pairs) await applyColour(ctx, "to", p.name, Math.min(p.replicas, next));
  await goTo(release, "VERIFYING", "await-new", { stepIndex: next });
  await recordReleaseEvent(release.id, { kind: "step", message: `Starting new task${next - release.stepIndex === 1 ? "" : "s"}: ${next} of ${total}` });
}

async function awaitNew(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const tasks = await reportedTasks(ctx.clusterId);
  const ready = pairs.every((p) => serving(tasks.get(p.to)) >= Math.min(p.replicas, release.stepIndex));
  if (ready) return goTo(release, "VERIFYING", "drain");
  const failing = await newColourFailing(ctx);
  if (failing) return beginRollback(ctx, "FAILED", { message: failing });
  if (Date.now() - release.stepStartedAt.getTime() > HEALTHY_TIMEOUT_MS) {
    await beginRollback(ctx, "FAILED", { message: `New task ${release.stepIndex} did not become healthy within ${HEALTHY_TIMEOUT_MS / 60_000} minutes; rolling back` });
  }
}

async function drainOld(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const tasks = await reportedTasks(ctx.clusterId);
  const already = new Set(release.drained);
  const chosen: string[] = [];
  for (const p of pairs) {
    const keep = Math.max(0, p.replicas - release.stepIndex);
    const candidates = (tasks.get(p.from) ?? []).filter((t) => !already.has(t.taskId) && t.state !== "stopping").sort((a, b) => a.taskId.localeCompare(b.taskId));
    chosen.push(...candidates.slice(0, Math.max(0, candidates.length - keep)).map((t) => t.taskId));
  }
  const wait = chosen.length ? await shiftTraffic(ctx, { drained: [...release.drained, ...chosen] }) : {};
  await goTo(release, "VERIFYING", "drain-wait", wait);
  if (chosen.length) await recordReleaseEvent(release.id, { kind: "step", message: `Draining old task${chosen.length === 1 ? "" : "s"} ${chosen.map((id) => id.slice(0, 12)).join(", ")} (weight 0; open requests finish)` });
}

async function drainWait(ctx: ReleaseContext) {
  if (!(await drained(ctx, { ids: new Set(ctx.release.drained) }, await ctx.compile("from")))) return;
  await goTo(ctx.release, "VERIFYING", "stop-old");
}

async function stopOld(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const tasks = await reportedTasks(ctx.clusterId);
  const drainedIds = new Set(release.drained);
  const stopped: string[] = [];
  for (const p of pairs) {
    for (const t of (tasks.get(p.from) ?? []).filter((x) => drainedIds.has(x.taskId))) {
      const r = await sendCommand({ nodeId: t.nodeId, type: "task.stop", payload: { taskId: t.taskId, timeoutSeconds: Math.ceil(graceMs(await ctx.compile("from"), [p.name]) / 1000) }, timeoutMs: 120_000 });
      if (r.stopped) stopped.push(t.taskId.slice(0, 12));
    }
    // Swarm removes stopped tasks first when a service scales down: the drained ones.
    await applyColour(ctx, "from", p.name, Math.max(0, p.replicas - release.stepIndex));
  }
  await recordReleaseEvent(release.id, { kind: "step", message: `${stopped.length ? `Stopped ${stopped.join(", ")}; ` : ""}old service down to ${Math.max(0, Math.max(...pairs.map((p) => p.replicas)) - release.stepIndex)} task(s)` });
  await goTo(release, "VERIFYING", "scale-up");
}

// ── PROMOTING ────────────────────────────────────────────────────────────────────────────────

async function shiftToNew(ctx: ReleaseContext) {
  const wait = await shiftTraffic(ctx, { toWeight: 100 });
  await recordReleaseEvent(ctx.release.id, { kind: "step", message: `All traffic to ${ctx.release.toColour}; draining ${ctx.release.fromColour}` });
  await goTo(ctx.release, "PROMOTING", "drain-old", wait);
}

async function drainOldColour(ctx: ReleaseContext) {
  if (!(await drained(ctx, { pool: ctx.release.fromColour }, await ctx.compile("from")))) return;
  await goTo(ctx.release, "PROMOTING", "remove-old");
}

async function removeOld(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  for (const p of pairs) await sendCommand({ nodeId: ctx.app.managerId, type: "service.remove", payload: { name: p.from } });
  const compiled = await ctx.compile("to");
  await prisma.$transaction(async (tx) => {
    await syncServices({ db: tx, orgId: release.orgId, applicationId: release.applicationId, compiled, swarmNames: new Map(pairs.map((p) => [p.name, p.to])) });
    await tx.application.update({
      where: { id: release.applicationId },
      data: { currentVersionId: release.toVersionId, deployedVersionId: release.toVersionId, status: "RUNNING", lastError: null, drift: Prisma.JsonNull, ...(release.envEnc ? { envEnc: release.envEnc } : {}) },
    });
    await tx.release.update({ where: { id: release.id }, data: { state: "DONE", step: "done", activeKey: null, finishedAt: new Date(), toWeight: 100 } });
    await recordReleaseEvent(release.id, { kind: "done", message: `Promoted: ${pairs.map((p) => p.to).join(", ")} serve${pairs.length === 1 ? "s" : ""} all traffic; ${pairs.map((p) => p.from).join(", ")} removed` }, tx);
    await markTrafficChanged(ctx.clusterId, tx);
  });
  await recordEvent({ orgId: release.orgId, applicationId: release.applicationId, type: "release.done", message: `Release #${release.number} promoted` });
  await enqueueTrafficSync(ctx.clusterId, ctx.app.log);
}

// ── ROLLING_BACK ─────────────────────────────────────────────────────────────────────────────

async function restore(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  // The old version as it was: its services at their replicas (a rolling release had scaled them
  // down), the services the new version changed in place put back.
  const compiled = await ctx.compile("from");
  await applyTemplate(ctx.app, compiled, { keep: pairs.map((p) => p.to) });
  const wait = await shiftTraffic(ctx, { toWeight: 0, drained: [] });
  await recordReleaseEvent(release.id, { kind: "step", message: `${pairs.map((p) => p.from).join(", ")} back at full strength; all traffic to ${release.fromColour}; draining ${release.toColour}` });
  await goTo(release, "ROLLING_BACK", "drain-new", wait);
}

async function drainNewColour(ctx: ReleaseContext) {
  if (!(await drained(ctx, { pool: ctx.release.toColour }, await ctx.compile("to")))) return;
  await goTo(ctx.release, "ROLLING_BACK", "remove-new");
}

async function removeNew(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  for (const p of pairs) await sendCommand({ nodeId: ctx.app.managerId, type: "service.remove", payload: { name: p.to } });
  const outcome = release.rollbackTo === "ABORTED" ? "ABORTED" : "FAILED";
  await prisma.$transaction(async (tx) => {
    await tx.release.update({ where: { id: release.id }, data: { state: outcome, step: "done", activeKey: null, finishedAt: new Date(), toWeight: 0 } });
    await recordReleaseEvent(release.id, { kind: outcome === "ABORTED" ? "aborted" : "failed", message: `Rolled back: ${pairs.map((p) => p.from).join(", ")} serve${pairs.length === 1 ? "s" : ""} all traffic; ${pairs.map((p) => p.to).join(", ")} removed` }, tx);
    await tx.application.update({ where: { id: release.applicationId }, data: { status: "RUNNING" } });
    await markTrafficChanged(ctx.clusterId, tx);
  });
  await recordEvent({ orgId: release.orgId, applicationId: release.applicationId, type: `release.${outcome.toLowerCase()}`, level: "WARNING", message: `Release #${release.number} rolled back${release.error ? `: ${release.error}` : ""}` });
  await enqueueTrafficSync(ctx.clusterId, ctx.app.log);
}

// ── dispatch ─────────────────────────────────────────────────────────────────────────────────

const STEPS: Record<string, (ctx: ReleaseContext) => Promise<unknown>> = {
  "DEPLOYING/apply": deploy,
  "VERIFYING/healthy": waitHealthy,
  "VERIFYING/hold": async () => undefined,
  "VERIFYING/canary": canary,
  "VERIFYING/scale-up": scaleUp,
  "VERIFYING/await-new": awaitNew,
  "VERIFYING/drain": drainOld,
  "VERIFYING/drain-wait": drainWait,
  "VERIFYING/stop-old": stopOld,
  "PROMOTING/shift": shiftToNew,
  "PROMOTING/drain-old": drainOldColour,
  "PROMOTING/remove-old": removeOld,
  "ROLLING_BACK/restore": restore,
  "ROLLING_BACK/drain-new": drainNewColour,
  "ROLLING_BACK/remove-new": removeNew,
};

/** A person's promote / rollback, carried out between steps (never in the middle of one). */
async function takeRequest(ctx: ReleaseContext): Promise<boolean> {
  const { release } = ctx;
  if (!release.requested) return false;
  const by = release.requested.split(":").slice(1).join(":") || "a user";
  if (release.requested.startsWith("rollback") && ["DEPLOYING", "VERIFYING"].includes(release.state)) {
    await beginRollback(ctx, "ABORTED", { actor: by, message: `Rollback requested by ${by}` });
    return true;
  }
  if (release.requested.startsWith("promote") && release.state === "VERIFYING" && release.strategy !== "ROLLING") {
    await recordReleaseEvent(release.id, { actor: by, kind: "promote", message: `Promotion requested by ${by}` });
    await goTo(release, "PROMOTING", "shift", { requested: null });
    return true;
  }
  return false;
}

export async function runStep(ctx: ReleaseContext): Promise<void> {
  const { release } = ctx;
  if (release.state === "PENDING") {
    await goTo(release, "DEPLOYING", "apply");
    return;
  }
  if (await takeRequest(ctx)) return;
  const step = STEPS[`${release.state}/${release.step}`];
  if (!step) throw new Error(`release ${release.id} is at an unknown step ${release.state}/${release.step}`);
  await step(ctx);
}
