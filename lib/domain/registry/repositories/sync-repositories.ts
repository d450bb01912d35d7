/**
 * Brings the Repository table in line with the registry's catalog for one organisation's
 * namespace. Pushes add rows as they happen (notifications); this catches anything missed while
 * the console was down. Throttled per organisation, since listing repositories calls it.
 */
import { prisma } from "@/lib/db";
import { listCatalog } from "@/lib/drivers/registry/registry-client";
import { redis, redisKey } from "@/lib/redis";

const THROTTLE_SECONDS = 15;

export async function syncRepositories({ orgId, force = false }: { orgId: string; force?: boolean }): Promise<number> {
  if (!force) {
    const fresh = await redis().set(redisKey("registry-sync", orgId), "1", "EX", THROTTLE_SECONDS, "NX");
    if (fresh !== "OK") return 0;
  }
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } });
  const paths = await listCatalog(`${org.slug}/`);
  if (paths.length === 0) return 0;
  const created = await prisma.repository.createMany({ data: paths.map((path) => ({ orgId, path })), skipDuplicates: true });
  return created.count;
}
