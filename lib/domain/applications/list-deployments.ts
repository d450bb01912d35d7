import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { ownedApp } from "./owned-app";
import { deploymentSelect, toDeploymentView } from "./queue-deployment";
import { versionNumbers } from "./version-numbers";

export async function listDeployments({ orgId, applicationId, page }: { orgId: string; applicationId: string; page: PaginationQuery }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.deployment.findMany({
    where: { applicationId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: deploymentSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  const versions = await versionNumbers(items.map((d) => d.versionId));
  return { items: items.map((d) => toDeploymentView(d, versions)), nextCursor };
}
