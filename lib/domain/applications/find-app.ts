import type { DbClient } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";

/** The organisation's live application (not deleted, not being deleted), for changes. */
export async function findAppForChange(db: DbClient, orgId: string, applicationId: string) {
  const app = await db.application.findFirst({
    where: { id: applicationId, orgId, deletedAt: null },
    select: { id: true, name: true, clusterId: true, envEnc: true, currentVersionId: true, desiredState: true },
  });
  if (!app) throw notFound("Application");
  if (app.desiredState === "DELETED") throw new AppError("CONFLICT", "This application is being deleted");
  // A release owns the services until it promotes or rolls back (its steps would undo other changes).
  const release = await db.release.findUnique({ where: { activeKey: applicationId }, select: { number: true } });
  if (release)
    throw new AppError("CONFLICT", `Release #${release.number} of this application is in progress: promote it or roll it back first`);
  return app;
}
