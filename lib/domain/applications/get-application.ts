import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { appSelect, toAppView, type AppRow } from "./app-view";

async function versionNumbers(rows: AppRow[], db: DbClient) {
  const ids = rows.flatMap((r) => [r.currentVersionId, r.deployedVersionId]).filter((x): x is string => Boolean(x));
  const versions = await db.templateVersion.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } });
  return new Map(versions.map((v) => [v.id, v.version]));
}

export async function getApplication({ orgId, applicationId, db = prisma }: { orgId: string; applicationId: string; db?: DbClient }) {
  const row = await db.application.findFirst({ where: { id: applicationId, orgId, deletedAt: null }, select: appSelect });
  if (!row) throw notFound("Application");
  return toAppView(row, await versionNumbers([row], db));
}

export async function listApplications({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.application.findMany({ where: { orgId, deletedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: appSelect, ...pageArgs(page) });
  const { items, nextCursor } = toPage(rows, page);
  const versions = await versionNumbers(items, prisma);
  return { items: items.map((r) => toAppView(r, versions)), nextCursor };
}
