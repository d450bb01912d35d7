import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CreateApplicationInput } from "@/lib/schemas/applications";
import { auditChange } from "../audit/record-audit";
import { assertWithinQuota } from "../quotas/assert-within-quota";
import { issueView } from "./compile-template";
import { getApplication } from "./get-application";
import { createDeployment, startDeployments, toDeploymentView } from "./queue-deployment";
import { recordEvent } from "./record-event";
import { syncServices } from "./sync-services";
import { compileForOrg } from "./compile-for-org";

/** Creates an application (version 1) and queues its first deployment. */
export async function createApplication({ ctx, input }: { ctx: OrgContext; input: CreateApplicationInput }) {
  const env = input.env ?? {};
  const { compiled } = await compileForOrg({ ctx, name: input.name, clusterId: input.clusterId, compose: input.compose, env });
  const { app, deployment } = await prisma.$transaction(async (tx) => {
    await assertWithinQuota({ orgId: ctx.orgId, kind: "applications", db: tx });
    const taken = await tx.application.findFirst({ where: { orgId: ctx.orgId, name: input.name, deletedAt: null }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `An application named ${input.name} already exists`);
    // A deleted application's name can be used again; its old rows keep their history.
    await tx.application.updateMany({
      where: { orgId: ctx.orgId, name: input.name, deletedAt: { not: null } },
      data: { name: `${input.name}-deleted-${Date.now().toString(36)}` },
    });
    const app = await tx.application.create({
      data: {
        orgId: ctx.orgId,
        clusterId: input.clusterId,
        name: input.name,
        description: input.description ?? "",
        envEnc: encryptSecret(JSON.stringify(env)),
      },
      select: { id: true },
    });
    const version = await tx.templateVersion.create({
      data: {
        orgId: ctx.orgId,
        applicationId: app.id,
        version: 1,
        compose: input.compose,
        envKeys: Object.keys(env).sort(),
        message: "Created",
        createdById: ctx.userId,
      },
      select: { id: true },
    });
    await tx.application.update({ where: { id: app.id }, data: { currentVersionId: version.id } });
    await syncServices({ db: tx, orgId: ctx.orgId, applicationId: app.id, compiled });
    const deployment = await createDeployment({
      db: tx,
      orgId: ctx.orgId,
      applicationId: app.id,
      kind: "DEPLOY",
      versionId: version.id,
      actor: ctx.actor,
    });
    await recordEvent({
      db: tx,
      orgId: ctx.orgId,
      applicationId: app.id,
      type: "version.created",
      message: `Version 1 uploaded by ${ctx.actor.label}`,
    });
    await auditChange(tx, ctx, "application.create", app.id, {
      name: input.name,
      clusterId: input.clusterId,
      services: compiled.services.map((s) => s.name),
    });
    return { app, deployment };
  });
  await startDeployments(app.id);
  return {
    application: await getApplication({ orgId: ctx.orgId, applicationId: app.id }),
    deployment: toDeploymentView(deployment, new Map()),
    warnings: compiled.warnings.map(issueView),
  };
}
