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
  return app;
}
