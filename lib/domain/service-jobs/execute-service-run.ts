import { prisma, Prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import type { CommandResult } from "@/lib/protocol/commands";
import { appSelector } from "@/lib/protocol/object-labels";
import { dependencyDown } from "@/lib/store-errors";
import { sendCommand } from "../commands/send-command";
import { APP_CONTEXT_SELECT, compileCurrent } from "../applications/deploy/app-context";
import { applyServiceSpec } from "../applications/deploy/apply-template";
import { findManager } from "../applications/deploy/find-manager";
import { finishRun } from "./finish-run";
import { rerunSpec } from "./rerun-spec";
import { runOutcome } from "./run-outcome";

type Status = CommandResult<"services.status">;

const POLL_MS = 1_000;
/** A run whose job has not finished after this long is recorded as failed (its tasks keep their own fate). */
export const RUN_TIMEOUT_MS = 6 * 3600_000;
/** How long after the force update Swarm may take to start the new iteration. */
const START_TIMEOUT_MS = 30_000;

const RUN_SELECT = {
  id: true,
  orgId: true,
  applicationId: true,
  status: true,
  trigger: true,
  iteration: true,
  startedAt: true,
  service: {
    select: {
      name: true,
      swarmName: true,
      application: { select: APP_CONTEXT_SELECT },
    },
  },
} satisfies Prisma.ServiceRunSelect;

type Run = Prisma.ServiceRunGetPayload<{ select: typeof RUN_SELECT }>;

/**
 * Carries out one run of a job-mode service: a force update of the service through the cluster's
 * manager (Swarm starts a new job iteration), then waits for the iteration to finish and records it
 * (finish-run.ts). Idempotent: a run already started (RUNNING) is only waited for again after a
 * worker crash, never started twice; a finished one is left alone.
 */
export async function executeServiceRun({ runId, log }: { runId: string; log: Logger }) {
  const run = await prisma.serviceRun.findUnique({ where: { id: runId }, select: RUN_SELECT });
  if (!run || (run.status !== "PENDING" && run.status !== "RUNNING")) return { status: run?.status ?? "GONE" };
  try {
    return await carryOut(run, log.child({ runId }));
  } catch (error) {
    if (dependencyDown(error)) throw error; // PostgreSQL or Redis away: the retry (or the tick's sweep) resumes it
    const message = error instanceof Error ? error.message : String(error);
    await prisma.serviceRun.update({
      where: { id: run.id },
      data: { status: "FAILED", error: message.slice(0, 2000), finishedAt: new Date(), startedAt: run.startedAt ?? new Date() },
    });
    return { status: "FAILED" };
  }
}

async function carryOut(run: Run, log: Logger) {
  const { application: app } = run.service;
  const manager = await findManager(app.clusterId);
  const labels = appSelector(app.org.slug, app.name);
  const status = () => sendCommand({ nodeId: manager.id, type: "services.status", payload: { labels }, timeoutMs: 20_000 });
  let iteration = run.iteration;
  if (run.status === "PENDING") {
    iteration = await start(run, manager.id, status);
  } else if (iteration === null) {
    // started, then the worker died before it saw the new iteration: the service's current one is this run's
    iteration = await claimIteration(run, (await status()).services.find((s) => s.name === run.service.swarmName)?.job?.iteration ?? null);
  }
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const outcome = runOutcome(await status(), run.service.swarmName, iteration);
    if (outcome.state === "missing") throw new Error(outcome.reason);
    if (outcome.state !== "running") {
      const startedAt = (await prisma.serviceRun.findUniqueOrThrow({ where: { id: run.id }, select: { startedAt: true } })).startedAt;
      await finishRun({ run: { ...run, startedAt }, service: run.service, managerId: manager.id, outcome, log });
      log.info({ status: outcome.state, exitCode: outcome.exitCode }, "service run finished");
      return { status: outcome.state, exitCode: outcome.exitCode };
    }
    if (Date.now() > deadline) throw new Error(`the job did not finish within ${RUN_TIMEOUT_MS / 3600_000} hours`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Force-updates the service and returns the job iteration Swarm started for it. */
async function start(run: Run, managerId: string, status: () => Promise<Status>): Promise<number | null> {
  const { application: app, swarmName, name } = run.service;
  const before = await status();
  const live = before.services.find((s) => s.name === swarmName);
  const missing = runOutcome(before, swarmName);
  if (!live || missing.state === "missing") throw new Error(missing.state === "missing" ? missing.reason : `${swarmName} is missing`);
  const compiled = await compileCurrent({ app, orgSlug: app.org.slug }, app.envEnc);
  const service = compiled?.services.find((s) => s.name === name);
  if (!compiled || !service) throw new Error(`${name} is no longer in the application's template`);
  await prisma.serviceRun.update({ where: { id: run.id }, data: { status: "RUNNING", startedAt: new Date() } });
  await applyServiceSpec({ app, managerId }, rerunSpec(service.spec, swarmName, live.spec), compiled.policy, { forceUpdate: true });
  const previous = live.job?.iteration ?? null;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const iteration = (await status()).services.find((s) => s.name === swarmName)?.job?.iteration ?? null;
    if (iteration !== null && iteration !== previous) return claimIteration(run, iteration);
    if (Date.now() > deadline) throw new Error(`Swarm did not start a new run of ${swarmName} within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function claimIteration(run: Run, iteration: number | null): Promise<number | null> {
  await prisma.serviceRun.update({ where: { id: run.id }, data: { iteration } });
  return iteration;
}
