import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma, type DbClient } from "@/lib/db";
import type { NewVersionInput } from "@/lib/schemas/applications";
import { recordAudit } from "../audit/record-audit";
import { decryptEnv } from "./app-view";
import { clusterWarnings } from "./cluster-warnings";
import { compileForOrg } from "./compile-for-org";
import { issueView } from "./compile-template";
import { findAppForChange } from "./find-app";
import { getApplication } from "./get-application";
import { planDeployment } from "./plan-deployment";
import { createDeployment, startDeployments, toDeploymentView } from "./queue-deployment";
import { recordEvent } from "./record-event";
import { syncServices } from "./sync-services";

export async function compileNext(ctx: OrgContext, applicationId: string, input: NewVersionInput) {
  const app = await findAppForChange(prisma, ctx.orgId, applicationId);
  const env = input.env ?? decryptEnv(app.envEnc);
  const { compiled, traffic, orgSlug } = await compileForOrg({ ctx, name: app.name, clusterId: app.clusterId, compose: input.compose, env });
  return { app, env, compiled, traffic, orgSlug };
}

/** Stores the next template version of an application (numbers count up per application). */
export async function insertVersion(tx: DbClient, ctx: OrgContext, applicationId: string, input: NewVersionInput, env: Record<string, string>) {
  const last = await tx.templateVersion.findFirst({ where: { applicationId }, orderBy: { version: "desc" }, select: { version: true } });
  return tx.templateVersion.create({
    data: { orgId: ctx.orgId, applicationId, version: (last?.version ?? 0) + 1, compose: input.compose, envKeys: Object.keys(env).sort(), message: input.message ?? "", createdById: ctx.userId },
    select: { id: true, version: true },
  });
}

/** What deploying this template over the application's current services would change. */
export async function previewVersion({ ctx, applicationId, input }: { ctx: OrgContext; applicationId: string; input: NewVersionInput }) {
  const { app, compiled, traffic, orgSlug } = await compileNext(ctx, applicationId, input);
  const [existing, cluster] = await Promise.all([
    prisma.appService.findMany({ where: { applicationId }, select: { name: true, spec: true } }),
    clusterWarnings({ orgId: ctx.orgId, orgSlug, clusterId: app.clusterId, services: compiled.services }),
  ]);
  return planDeployment({ compiled, existing, traffic, clusterWarnings: cluster });
}

/** Every update creates a version; the deployment rolls the services over to it. */
export async function createVersion({ ctx, applicationId, input }: { ctx: OrgContext; applicationId: string; input: NewVersionInput }) {
  const { app, env, compiled } = await compileNext(ctx, applicationId, input);
  const deployment = await prisma.$transaction(async (tx) => {
    const version = await insertVersion(tx, ctx, applicationId, input, env);
    const number = version.version;
    await tx.application.update({ where: { id: app.id }, data: { currentVersionId: version.id, desiredState: "RUNNING", envEnc: encryptSecret(JSON.stringify(env)) } });
    const { removed } = await syncServices({ db: tx, orgId: ctx.orgId, applicationId, compiled });
    await recordEvent({ db: tx, orgId: ctx.orgId, applicationId, type: "version.created", message: `Version ${number} uploaded by ${ctx.actor.label}${input.message ? `: ${input.message}` : ""}` });
    await recordAudit({ db: tx, orgId: ctx.orgId, actor: ctx.actor, action: "application.update", targetType: "application", targetId: applicationId, details: { version: number, removedServices: removed } });
    return createDeployment({ db: tx, orgId: ctx.orgId, applicationId, kind: "DEPLOY", versionId: version.id, actor: ctx.actor });
  });
  await startDeployments(applicationId);
  return {
    application: await getApplication({ orgId: ctx.orgId, applicationId }),
    deployment: toDeploymentView(deployment, new Map()),
    warnings: compiled.warnings.map(issueView),
  };
}
