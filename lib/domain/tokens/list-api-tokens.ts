import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../pagination";
import { apiTokenSelect } from "./create-api-token";

export async function listApiTokens({ orgId, page }: { orgId: string; page: PaginationQuery }) {
  const rows = await prisma.apiToken.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: apiTokenSelect,
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
