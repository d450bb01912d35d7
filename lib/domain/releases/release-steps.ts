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
import { OBJECT_LABELS } from "@/lib/protocol/object-labels";
import { prisma, Prisma } from "@/lib/db";
import { sendCommand } from "../commands/send-command";
import { applyTemplate } from "../applications/deploy/apply-template";
import { syncServices } from "../applications/sync-services";
import { recordEvent } from "../applications/record-event";
import { enqueueTrafficSync, markTrafficChanged } from "../traffic/request-sync";
import { judgeCanary } from "./canary-guard";
import { requiredCanary } from "./release-columns";
import type { ReleaseContext } from "./release-context";
import { recordReleaseEvent, type DecisionFigures } from "./release-events";
import { measureRelease } from "./release-figures";
import { awaitNew, drainOld, drainWait, scaleUp, stopOld } from "./rolling-steps";
import {
  beginRollback,
  drained,
  goTo,
  HEALTHY_TIMEOUT_MS,
  newColourFailing,
  reportedTasks,
  serving,
  shiftTraffic,
  trafficApplied,
} from "./step-kit";

export { beginRollback } from "./step-kit";

// ── DEPLOYING ────────────────────────────────────────────────────────────────────────────────

async function deploy(ctx: ReleaseContext) {
  const { release, pairs } = ctx;
  const rolling = release.strategy === "ROLLING";
  const compiled = await ctx.compile("to");
  const overrides = new Map(
    pairs.map((p) => [
      p.name,
      { swarmName: p.to, replicas: rolling ? 0 : p.replicas, labels: { [OBJECT_LABELS.colour]: release.toColour } },
    ]),
  );
  await recordReleaseEvent(release.id, {
    kind: "step",
    message: rolling
      ? `Preparing ${pairs.map((p) => p.to).join(", ")} (0 tasks; the old tasks are replaced one at a time)`
      : `Starting ${pairs.map((p) => `${p.to} (${p.replicas} tasks)`).join(", ")} beside ${pairs.map((p) => p.from).join(", ")}`,
  });
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
      await beginRollback(ctx, "FAILED", {
        message: `The new version's tasks did not become healthy within ${HEALTHY_TIMEOUT_MS / 60_000} minutes (${pairs.map((p) => `${p.to}: ${serving(tasks.get(p.to))} of ${p.replicas}`).join(", ")})`,
      });
    }
    return;
  }
  await recordReleaseEvent(release.id, {
    kind: "step",
    message: `${release.toColour} is healthy: ${pairs.map((p) => `${p.to} ${p.replicas}/${p.replicas}`).join(", ")} in the load balancer's pool (weight 0 until traffic moves)`,
  });
  if (release.strategy === "CANARY") return startCanaryStep(ctx, 0);
  await goTo(release, "VERIFYING", "hold");
  await recordReleaseEvent(release.id, {
    kind: "step",
    message: `Waiting for a decision: move traffic to ${release.toColour}, promote or roll back`,
  });
}

async function startCanaryStep(ctx: ReleaseContext, index: number) {
  const params = requiredCanary(ctx.release);
  const percent = params.steps[index] ?? 100;
  const wait = await shiftTraffic(ctx, { toWeight: percent });
  await goTo(ctx.release, "VERIFYING", "canary", { ...wait, stepIndex: index });
  await recordReleaseEvent(ctx.release.id, {
    kind: "canary-step",
    message: `Canary step ${index + 1} of ${params.steps.length}: ${percent} % of requests to ${ctx.release.toColour}, held ${params.holdSeconds} s`,
  });
}

/** Before the first sample of a step is judged, requests sent under the old weights have to leave the window. */
const SETTLE_MS = 2_000;

async function canary(ctx: ReleaseContext) {
  const { release } = ctx;
  if (!(await trafficApplied(ctx))) return;
  const params = requiredCanary(release);
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
    return beginRollback(ctx, "ABORTED", {
      message: `Canary aborted at step ${release.stepIndex + 1} (${release.toWeight} %): ${verdict.reason}`,
      figures,
    });
  }
  if (elapsed < holdMs + SETTLE_MS) return;
  const last = release.stepIndex >= params.steps.length - 1;
  await recordReleaseEvent(release.id, {
    kind: "canary-pass",
    message: `Step ${release.stepIndex + 1} passed (${release.toWeight} %): ${verdict.reason}${last ? "; promoting" : ""}`,
    figures,
  });
  if (last) return goTo(release, "PROMOTING", "shift");
  return startCanaryStep(ctx, release.stepIndex + 1);
}

// ── PROMOTING ────────────────────────────────────────────────────────────────────────────────

async function shiftToNew(ctx: ReleaseContext) {
  const wait = await shiftTraffic(ctx, { toWeight: 100 });
  await recordReleaseEvent(ctx.release.id, {
    kind: "step",
    message: `All traffic to ${ctx.release.toColour}; draining ${ctx.release.fromColour}`,
  });
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
    await syncServices({
      db: tx,
      orgId: release.orgId,
      applicationId: release.applicationId,
      compiled,
      swarmNames: new Map(pairs.map((p) => [p.name, p.to])),
    });
    await tx.application.update({
      where: { id: release.applicationId },
      data: {
        currentVersionId: release.toVersionId,
        deployedVersionId: release.toVersionId,
        status: "RUNNING",
        lastError: null,
        drift: Prisma.JsonNull,
        ...(release.envEnc ? { envEnc: release.envEnc } : {}),
      },
    });
    await tx.release.update({
      where: { id: release.id },
      data: { state: "DONE", step: "done", activeKey: null, finishedAt: new Date(), toWeight: 100 },
    });
    await recordReleaseEvent(
      release.id,
      {
        kind: "done",
        message: `Promoted: ${pairs.map((p) => p.to).join(", ")} serve${pairs.length === 1 ? "s" : ""} all traffic; ${pairs.map((p) => p.from).join(", ")} removed`,
      },
      tx,
    );
    await markTrafficChanged(ctx.clusterId, tx);
  });
  await recordEvent({
    orgId: release.orgId,
    applicationId: release.applicationId,
    type: "release.done",
    message: `Release #${release.number} promoted`,
  });
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
  await recordReleaseEvent(release.id, {
    kind: "step",
    message: `${pairs.map((p) => p.from).join(", ")} back at full strength; all traffic to ${release.fromColour}; draining ${release.toColour}`,
  });
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
    await tx.release.update({
      where: { id: release.id },
      data: { state: outcome, step: "done", activeKey: null, finishedAt: new Date(), toWeight: 0 },
    });
    await recordReleaseEvent(
      release.id,
      {
        kind: outcome === "ABORTED" ? "aborted" : "failed",
        message: `Rolled back: ${pairs.map((p) => p.from).join(", ")} serve${pairs.length === 1 ? "s" : ""} all traffic; ${pairs.map((p) => p.to).join(", ")} removed`,
      },
      tx,
    );
    await tx.application.update({ where: { id: release.applicationId }, data: { status: "RUNNING" } });
    await markTrafficChanged(ctx.clusterId, tx);
  });
  await recordEvent({
    orgId: release.orgId,
    applicationId: release.applicationId,
    type: `release.${outcome.toLowerCase()}`,
    level: "WARNING",
    message: `Release #${release.number} rolled back${release.error ? `: ${release.error}` : ""}`,
  });
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
