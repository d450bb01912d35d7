import { prisma } from "@/lib/db";
import { mapLimit } from "@/lib/drivers/registry/describe-image";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { installationOrganizationSelect, installationOrganizationView } from "./installation-organization-view";

/**
 * Every organisation of the installation, oldest first, with usage against quotas. For operators
 * only (the route's "operator" auth): this is the one read that crosses organisations.
 */
export async function listInstallationOrganizations({ page }: { page: PaginationQuery }) {
  const rows = await prisma.organization.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: installationOrganizationSelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  // Registry storage is measured in the registry: a few organisations at a time.
  return { items: await mapLimit(items, 4, (row) => installationOrganizationView(row)), nextCursor };
}
