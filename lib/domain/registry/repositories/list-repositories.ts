import { prisma } from "@/lib/db";
import { listTags } from "@/lib/drivers/registry/registry-client";
import { mapLimit } from "@/lib/drivers/registry/describe-image";
import type { Logger } from "@/lib/logger";
import type { PaginationQuery } from "@/lib/schemas/common";
import { pageArgs, toPage } from "../../pagination";
import { findRepository } from "./find-repository";
import { repositorySelect, repositoryView } from "./repository-view";
import { syncRepositories } from "./sync-repositories";

async function tagCount(path: string): Promise<number | null> {
  try {
    return (await listTags(path)).length;
  } catch {
    return null;
  }
}

/** The organisation's repositories, alphabetically, with their tag counts from the registry. */
export async function listRepositories({ orgId, page, log }: { orgId: string; page: PaginationQuery; log?: Logger }) {
  await syncRepositories({ orgId }).catch((err: unknown) => log?.warn({ err }, "registry catalog sync failed; listing known repositories"));
  const rows = await prisma.repository.findMany({
    where: { orgId },
    orderBy: [{ path: "asc" }, { id: "asc" }],
    select: repositorySelect,
    ...pageArgs(page),
  });
  const { items, nextCursor } = toPage(rows, page);
  const counts = await mapLimit(items, 8, (r) => tagCount(r.path));
  return { items: items.map((r, i) => repositoryView(r, counts[i] ?? null)), nextCursor };
}

export async function getRepository({ orgId, repositoryId }: { orgId: string; repositoryId: string }) {
  const repo = await findRepository({ orgId, repositoryId });
  return repositoryView(repo, await tagCount(repo.path));
}
