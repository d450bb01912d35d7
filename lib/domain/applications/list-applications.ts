import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { appSelect, appVersionIds, toAppView } from "./app-view";
import { versionNumbers } from "./version-numbers";

export async function listApplications({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.application.findMany({
    where: { orgId, deletedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: appSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  const versions = await versionNumbers(appVersionIds(items), prisma);
  return { items: items.map((r) => toAppView(r, versions)), nextCursor };
}
