import { prisma, type DbClient } from "@/lib/db";

/** Template version id → version number, for the ids given (null ids are skipped). */
export async function versionNumbers(ids: Array<string | null>, db: DbClient = prisma): Promise<Map<string, number>> {
  const wanted = ids.filter((x): x is string => Boolean(x));
  const versions = await db.templateVersion.findMany({ where: { id: { in: wanted } }, select: { id: true, version: true } });
  return new Map(versions.map((v) => [v.id, v.version]));
}
