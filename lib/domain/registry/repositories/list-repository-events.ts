import { prisma } from "@/lib/db";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../../pagination";
import { findRepository } from "./find-repository";

/** Pushes and deletes of a repository, newest first. */
export async function listRepositoryEvents({ orgId, repositoryId, page }: { orgId: string; repositoryId: string; page: PaginationQuery }) {
  await findRepository({ orgId, repositoryId });
  const rows = await prisma.registryEvent.findMany({
    where: { repositoryId, orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, action: true, tag: true, digest: true, actor: true, createdAt: true },
    ...pageArgs(page),
  });
  return toPage(rows, page);
}
