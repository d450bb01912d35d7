import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { ownedApp } from "./owned-app";

export async function listEvents({ orgId, applicationId, page }: { orgId: string; applicationId: string; page: PaginationQuery }) {
  await ownedApp(orgId, applicationId);
  const rows = await prisma.appEvent.findMany({
    where: { applicationId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, type: true, level: true, message: true, service: true, details: true, createdAt: true },
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
