import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { recordAudit } from "../audit/record-audit";
import { decryptEnv, toServiceView } from "./app-view";
import { compileForOrg } from "./compile-for-org";
import { findAppForChange } from "./find-app";
import { createDeployment, startDeployments, toDeploymentView, type DeploymentKind } from "./queue-deployment";
import { specMode } from "./service-facts";
import { syncServices } from "./sync-services";

const ACTIONS = { stop: "STOP", start: "START", restart: "RESTART", redeploy: "REDEPLOY" } as const satisfies Record<string, DeploymentKind>;

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/** Who asks for a change: a person or token (an OrgContext), or Wharf itself acting for an organisation (the autoscaler). */
export type ChangeContext = Pick<OrgContext, "orgId" | "actor">;

type QueueOptions = {
  ctx: ChangeContext;
  applicationId: string;
  kind: DeploymentKind;
  /** Audit action, e.g. "application.scale". */
  audit: string;
  details: Record<string, string | number>;
  /** Desired-state changes written in the same transaction as the deployment. */
  prepare?: (tx: Tx) => Promise<void>;
  /** More writes in the same transaction, once the deployment exists (the autoscaler's decision). */
  recorded?: (tx: Tx, deploymentId: string) => Promise<void>;
  versionId?: string;
};

/** Records the desired change, audits it and queues the deployment that carries it out. */
async function queue({ ctx, applicationId, kind, audit, details, prepare, recorded, versionId }: QueueOptions) {
  const deployment = await prisma.$transaction(async (tx) => {
    await findAppForChange(tx, ctx.orgId, applicationId);
    await prepare?.(tx);
    await recordAudit({ db: tx, orgId: ctx.orgId, actor: ctx.actor, action: audit, targetType: "application", targetId: applicationId, details });
    const created = await createDeployment({ db: tx, orgId: ctx.orgId, applicationId, kind, versionId, params: details, actor: ctx.actor });
    await recorded?.(tx, created.id);
    return created;
  });
  await startDeployments(applicationId);
  return toDeploymentView(deployment, new Map());
}

/** stop (replicas to 0), start, restart (every task), redeploy (pull the latest image of each tag). */
export function requestAction({ ctx, applicationId, action }: { ctx: OrgContext; applicationId: string; action: keyof typeof ACTIONS }) {
  return queue({
    ctx, applicationId, kind: ACTIONS[action], audit: `application.${action}`, details: { action },
    prepare: async (tx) => {
      if (action === "stop") await tx.application.update({ where: { id: applicationId }, data: { desiredState: "STOPPED" } });
      if (action === "start") await tx.application.update({ where: { id: applicationId }, data: { desiredState: "RUNNING" } });
    },
  });
}

type ScaleOptions = Pick<QueueOptions, "ctx" | "applicationId" | "recorded"> & {
  serviceId: string;
  replicas: number;
  /** Why, in the audit entry and the deployment's parameters (the autoscaler's decision). */
  reason?: string;
};

export async function scaleService({ ctx, applicationId, serviceId, replicas, reason, recorded }: ScaleOptions) {
  const service = await prisma.appService.findFirst({ where: { id: serviceId, applicationId, orgId: ctx.orgId }, select: { id: true, name: true, replicas: true, spec: true } });
  if (!service) throw notFound("Service");
  if (specMode(service.spec).mode === "global") throw new AppError("CONFLICT", `${service.name} is a global service (one task per node); it cannot be scaled`);
  return queue({
    ctx, applicationId, kind: "SCALE", audit: "application.scale", details: { service: service.name, from: service.replicas ?? 0, replicas, ...(reason ? { reason } : {}) }, recorded,
    prepare: async (tx) => void (await tx.appService.update({ where: { id: service.id }, data: { replicas } })),
  });
}

/** Makes an earlier version current again and deploys it. */
export async function rollbackApplication({ ctx, applicationId, versionId }: { ctx: ChangeContext; applicationId: string; versionId: string }) {
  const app = await findAppForChange(prisma, ctx.orgId, applicationId);
  const version = await prisma.templateVersion.findFirst({ where: { id: versionId, applicationId, orgId: ctx.orgId }, select: { id: true, version: true, compose: true } });
  if (!version) throw notFound("Version");
  const { compiled } = await compileForOrg({ ctx, name: app.name, clusterId: app.clusterId, compose: version.compose, env: decryptEnv(app.envEnc) });
  return queue({
    ctx, applicationId, kind: "ROLLBACK", audit: "application.rollback", details: { version: version.version }, versionId: version.id,
    prepare: async (tx) => {
      await tx.application.update({ where: { id: applicationId }, data: { currentVersionId: version.id, desiredState: "RUNNING" } });
      await syncServices({ db: tx, orgId: ctx.orgId, applicationId, compiled });
    },
  });
}

/** Deletes the application: a deployment removes every Docker object it created, then the record. */
export function deleteApplication({ ctx, applicationId }: { ctx: OrgContext; applicationId: string }) {
  return queue({
    ctx, applicationId, kind: "DELETE", audit: "application.delete", details: {},
    prepare: async (tx) => void (await tx.application.update({ where: { id: applicationId }, data: { desiredState: "DELETED", status: "DELETING" } })),
  });
}

export async function updateServiceSettings({ ctx, applicationId, serviceId, latestImage }: { ctx: OrgContext; applicationId: string; serviceId: string; latestImage: boolean }) {
  return prisma.$transaction(async (tx) => {
    await findAppForChange(tx, ctx.orgId, applicationId);
    const service = await tx.appService.findFirst({ where: { id: serviceId, applicationId, orgId: ctx.orgId }, select: { id: true, name: true } });
    if (!service) throw notFound("Service");
    const row = await tx.appService.update({ where: { id: service.id }, data: { latestImage }, select: { id: true, name: true, swarmName: true, spec: true, replicas: true, latestImage: true } });
    await recordAudit({ db: tx, orgId: ctx.orgId, actor: ctx.actor, action: "application.service-settings", targetType: "application", targetId: applicationId, details: { service: service.name, latestImage } });
    return toServiceView(row);
  });
}
