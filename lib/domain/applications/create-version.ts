import type { OrgContext } from "@/lib/auth/context";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import type { NewVersionInput } from "@/lib/schemas/applications";
import { auditChange } from "../audit/record-audit";
import { issueView } from "./compile-template";
import { compileNext, insertVersion } from "./next-version";
import { getApplication } from "./get-application";
import { createDeployment, startDeployments, toDeploymentView } from "./queue-deployment";
import { recordEvent } from "./record-event";
import { syncServices } from "./sync-services";

/** Every update creates a version; the deployment rolls the services over to it. */
export async function createVersion({ ctx, applicationId, input }: { ctx: OrgContext; applicationId: string; input: NewVersionInput }) {
  const { app, env, compiled } = await compileNext(ctx, applicationId, input);
  const deployment = await prisma.$transaction(async (tx) => {
    const version = await insertVersion(tx, ctx, applicationId, input, env);
    const number = version.version;
    await tx.application.update({
      where: { id: app.id },
      data: { currentVersionId: version.id, desiredState: "RUNNING", envEnc: encryptSecret(JSON.stringify(env)) },
    });
    const { removed } = await syncServices({ db: tx, orgId: ctx.orgId, applicationId, compiled });
    await recordEvent({
      db: tx,
      orgId: ctx.orgId,
      applicationId,
      type: "version.created",
      message: `Version ${number} uploaded by ${ctx.actor.label}${input.message ? `: ${input.message}` : ""}`,
    });
    await auditChange(tx, ctx, "application.update", applicationId, { version: number, removedServices: removed });
    return createDeployment({ db: tx, orgId: ctx.orgId, applicationId, kind: "DEPLOY", versionId: version.id, actor: ctx.actor });
  });
  await startDeployments(applicationId);
  return {
    application: await getApplication({ orgId: ctx.orgId, applicationId }),
    deployment: toDeploymentView(deployment, new Map()),
    warnings: compiled.warnings.map(issueView),
  };
}
