import { systemActor } from "@/lib/auth/context";
import { prisma, Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { DeploymentKind } from "@/lib/schemas/applications";
import { dependencyDown } from "@/lib/store-errors";
import { recordEvent } from "../record-event";
import { rollbackApplication } from "../rollback-application";
import { loadAppContext, compileCurrent, type AppContext } from "./app-context";
import { applyTemplate } from "./apply-template";
import { DeploymentLog } from "./deployment-log";
import { awaitManager } from "./find-manager";
import { removeApp } from "./remove-app";
import { newerSuperseding, Superseded, supersededCheckpoint } from "./supersede";
import { recordDeployRuns } from "../../service-jobs/record-deploy-runs";
import { ConvergenceError, JobFailedError } from "./wait-converged";

/** A redeploy after an image push names the services it concerns. */
function onlyServices(params: unknown): string[] | undefined {
  const services = (params as { services?: unknown } | null)?.services;
  return Array.isArray(services) && services.every((s) => typeof s === "string") ? services : undefined;
}

type DeploymentRow = {
  id: string;
  kind: DeploymentKind;
  status: string;
  steps: unknown;
  params: unknown;
  applicationId: string;
  createdAt: Date;
};

const VERB: Record<DeploymentKind, string> = {
  DEPLOY: "Deploy",
  ROLLBACK: "Rollback",
  SCALE: "Scale",
  STOP: "Stop",
  START: "Start",
  RESTART: "Restart",
  REDEPLOY: "Redeploy",
  DELETE: "Delete",
};

/**
 * Carries out one deployment against the cluster. Re-running it after a crash is safe: every step
 * is "make it so" (apply, ensure, remove-if-present).
 */
export async function executeDeployment(deployment: DeploymentRow, log: Logger) {
  const progress = new DeploymentLog(deployment.id, log);
  if (deployment.status === "RUNNING") {
    progress.resume(deployment.steps);
    await progress.step("Resuming after an interruption", "warning");
  }
  await prisma.deployment.update({ where: { id: deployment.id }, data: { status: "RUNNING", startedAt: new Date() } });
  const { app, services, orgSlug, labels } = await loadAppContext(deployment.applicationId);
  const deleting = deployment.kind === "DELETE";
  await prisma.application.update({ where: { id: app.id }, data: { status: deleting ? "DELETING" : "DEPLOYING" } });
  const verb = VERB[deployment.kind] ?? deployment.kind;
  const startedAt = new Date();
  let managerId: string | null = null;
  // job-mode services the deployment ran are recorded in their run history (lib/domain/service-jobs)
  const recordRuns = (status: ConvergenceError["status"] | null) =>
    status && managerId
      ? recordDeployRuns({ app, managerId, status, startedAt, log }).catch((e: unknown) =>
          log.warn({ err: e }, "could not record job runs"),
        )
      : undefined;
  try {
    const manager = await awaitManager(app.clusterId, {
      onWait: () => progress.step("No manager node is connected; waiting up to 30 s for one to connect", "warning"),
    });
    managerId = manager.id;
    await progress.step(`${verb} started through ${manager.hostname}`);
    const ctx: AppContext = {
      app,
      orgSlug,
      labels,
      managerId: manager.id,
      services,
      log,
      progress,
      checkpoint: supersededCheckpoint(deployment),
    };
    if (deleting) {
      await removeApp(ctx);
      await prisma.$transaction([
        prisma.appService.deleteMany({ where: { applicationId: app.id } }),
        prisma.application.update({ where: { id: app.id }, data: { status: "DELETED", deletedAt: new Date(), lastError: null } }),
      ]);
    } else {
      const compiled = await compileCurrent(ctx, app.envEnc);
      if (!compiled) throw new AppError("CONFLICT", "The application has no template version to deploy");
      const stopped = app.desiredState === "STOPPED";
      const converged = await applyTemplate(ctx, compiled, {
        stopped,
        forceUpdate: deployment.kind === "RESTART" || deployment.kind === "REDEPLOY",
        pullLatest: deployment.kind === "REDEPLOY" ? true : undefined,
        only: onlyServices(deployment.params),
      });
      await recordRuns(converged);
      await prisma.application.update({
        where: { id: app.id },
        data: { status: stopped ? "STOPPED" : "RUNNING", deployedVersionId: app.currentVersionId, lastError: null, drift: Prisma.JsonNull },
      });
    }
    await progress.step(`${verb} finished`);
    await prisma.deployment.update({ where: { id: deployment.id }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
    await recordEvent({
      orgId: app.orgId,
      applicationId: app.id,
      type: `${deployment.kind.toLowerCase()}.succeeded`,
      message: `${verb} succeeded`,
      details: { deploymentId: deployment.id },
    });
  } catch (err) {
    if (err instanceof Superseded) return stopSuperseded(deployment, app, err, progress);
    // PostgreSQL or Redis out of reach is an interruption, not the deployment failing: it stays
    // RUNNING and is resumed (the job's retry, or the applications sweep once Redis is back).
    if (dependencyDown(err)) {
      log.warn({ err, deploymentId: deployment.id }, "deployment interrupted: a store is out of reach; it will be resumed");
      throw err;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ConvergenceError) await recordRuns(err.status ?? null);
    await progress.step(message, "error").catch(() => undefined);
    await prisma.deployment.update({ where: { id: deployment.id }, data: { status: "FAILED", error: message, finishedAt: new Date() } });
    await prisma.application.update({ where: { id: app.id }, data: { status: "FAILED", lastError: message } });
    await recordEvent({
      orgId: app.orgId,
      applicationId: app.id,
      type: `${deployment.kind.toLowerCase()}.failed`,
      level: "ERROR",
      message: `${verb} failed: ${message}`,
      details: { deploymentId: deployment.id },
    });
    if (!(err instanceof AppError)) log.error({ err, deploymentId: deployment.id }, "deployment failed unexpectedly");
    if (deployment.kind === "DEPLOY" && err instanceof ConvergenceError && !(err instanceof JobFailedError)) {
      await rollBackAfter(deployment, progress).catch((e: unknown) =>
        progress
          .step(`The automatic rollback could not be queued: ${e instanceof Error ? e.message : String(e)}`, "error")
          .catch(() => undefined),
      );
    }
  }
}

/** A newer deployment was queued while this one ran: it stops here and the newer one takes over. */
async function stopSuperseded(deployment: DeploymentRow, app: { id: string; orgId: string }, err: Superseded, progress: DeploymentLog) {
  await progress.step(err.message, "warning");
  await prisma.deployment.update({ where: { id: deployment.id }, data: { status: "SUPERSEDED", finishedAt: new Date() } });
  await recordEvent({
    orgId: app.orgId,
    applicationId: app.id,
    type: `${deployment.kind.toLowerCase()}.superseded`,
    message: `A running ${deployment.kind.toLowerCase()} stopped for a newer ${err.by.kind.toLowerCase()}`,
    details: { deploymentId: deployment.id, supersededBy: err.by.id },
  });
}

/**
 * A new version whose tasks could not run goes back to the version that ran before it, unless a
 * newer deployment is already queued (it decides what runs next) or nothing ran before.
 */
async function rollBackAfter(deployment: DeploymentRow, progress: DeploymentLog) {
  const app = await prisma.application.findUniqueOrThrow({
    where: { id: deployment.applicationId },
    select: { id: true, orgId: true, currentVersionId: true, deployedVersionId: true },
  });
  if (!app.deployedVersionId || app.deployedVersionId === app.currentVersionId || (await newerSuperseding(deployment))) return;
  const previous = await prisma.templateVersion.findUniqueOrThrow({ where: { id: app.deployedVersionId }, select: { version: true } });
  await progress.step(`Rolling back to version ${previous.version}, the last one that ran`, "warning");
  await rollbackApplication({
    ctx: { orgId: app.orgId, actor: systemActor("automatic rollback") },
    applicationId: app.id,
    versionId: app.deployedVersionId,
  });
}
