import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { appSelect, toAppView, type AppRow } from "./app-view";
import { versionNumbers } from "./version-numbers";

const versionIds = (rows: AppRow[]) => rows.flatMap((r) => [r.currentVersionId, r.deployedVersionId]);

export async function getApplication({ orgId, applicationId, db = prisma }: { orgId: string; applicationId: string; db?: DbClient }) {
  const row = await db.application.findFirst({ where: { id: applicationId, orgId, deletedAt: null }, select: appSelect });
  if (!row) throw notFound("Application");
  return toAppView(row, await versionNumbers(versionIds([row]), db));
}

export async function listApplications({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.application.findMany({ where: { orgId, deletedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: appSelect, ...pageArgs(page) });
  const { items, nextCursor } = toPage(rows, page);
  const versions = await versionNumbers(versionIds(items), prisma);
  return { items: items.map((r) => toAppView(r, versions)), nextCursor };
}
