/**
 * Application ids for the names on log lines (the containers' wharf.app label), looked up within
 * the connection's organisation and cluster only: an agent can never file lines under another
 * organisation's application. A gateway keeps one resolver so a busy node costs one query a minute
 * per application, not one per batch; a name that is not (yet) an application is asked again
 * after the same time.
 */
import { prisma, type DbClient } from "@/lib/db";

type Entry = { id: string | null; at: number };

export class ApplicationResolver {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly clock: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve({
    orgId,
    clusterId,
    names,
    db = prisma,
  }: {
    orgId: string;
    clusterId: string;
    names: string[];
    db?: DbClient;
  }): Promise<Map<string, string | null>> {
    const now = this.clock();
    const result = new Map<string, string | null>();
    const missing: string[] = [];
    for (const name of new Set(names)) {
      const hit = this.cache.get(`${orgId}/${clusterId}/${name}`);
      if (hit && now - hit.at < this.ttlMs) result.set(name, hit.id);
      else missing.push(name);
    }
    if (missing.length > 0) {
      const rows = await db.application.findMany({
        where: { orgId, clusterId, name: { in: missing }, deletedAt: null },
        select: { id: true, name: true },
      });
      if (this.cache.size > this.maxEntries) this.cache.clear();
      for (const name of missing) {
        const id = rows.find((r) => r.name === name)?.id ?? null;
        this.cache.set(`${orgId}/${clusterId}/${name}`, { id, at: now });
        result.set(name, id);
      }
    }
    return result;
  }
}
