import { prisma, type DbClient } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { repositorySelect } from "./repository-view";

/** A repository of the organisation, or 404 (also for another organisation's repository). */
export async function findRepository({ orgId, repositoryId, db = prisma }: { orgId: string; repositoryId: string; db?: DbClient }) {
  const repo = await db.repository.findFirst({ where: { id: repositoryId, orgId }, select: repositorySelect });
  if (!repo) throw notFound("Repository");
  return repo;
}
