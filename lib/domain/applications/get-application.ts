import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { appSelect, appVersionIds, toAppView } from "./app-view";
import { versionNumbers } from "./version-numbers";

export async function getApplication({ orgId, applicationId, db = prisma }: { orgId: string; applicationId: string; db?: DbClient }) {
  const row = await db.application.findFirst({ where: { id: applicationId, orgId, deletedAt: null }, select: appSelect });
  if (!row) throw notFound("Application");
  return toAppView(row, await versionNumbers(appVersionIds([row]), db));
}
