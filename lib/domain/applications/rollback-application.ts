import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { decryptEnv } from "./app-view";
import { compileForOrg } from "./compile-for-org";
import { findAppForChange } from "./find-app";
import { queueChange, type ChangeContext } from "./queue-change";
import { syncServices } from "./sync-services";

/** Makes an earlier version current again and deploys it. */
export async function rollbackApplication({
  ctx,
  applicationId,
  versionId,
}: {
  ctx: ChangeContext;
  applicationId: string;
  versionId: string;
}) {
  const app = await findAppForChange(prisma, ctx.orgId, applicationId);
  const version = await prisma.templateVersion.findFirst({
    where: { id: versionId, applicationId, orgId: ctx.orgId },
    select: { id: true, version: true, compose: true },
  });
  if (!version) throw notFound("Version");
  const { compiled } = await compileForOrg({
    ctx,
    name: app.name,
    clusterId: app.clusterId,
    compose: version.compose,
    env: decryptEnv(app.envEnc),
  });
  return queueChange({
    ctx,
    applicationId,
    kind: "ROLLBACK",
    audit: "application.rollback",
    details: { version: version.version },
    versionId: version.id,
    prepare: async (tx) => {
      await tx.application.update({ where: { id: applicationId }, data: { currentVersionId: version.id, desiredState: "RUNNING" } });
      await syncServices({ db: tx, orgId: ctx.orgId, applicationId, compiled });
    },
  });
}
