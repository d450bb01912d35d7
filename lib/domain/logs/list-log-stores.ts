import { Prisma } from "@prisma/client";
import { prisma, type DbClient } from "@/lib/db";
import type { LogStoreView } from "@/lib/schemas/logs";

type StatRow = { application_id: string; service: string; store: string; lines: bigint; bytes: bigint; last_ts: Date | null };

/**
 * The stores the organisation's services declare, with retention and what is stored now (from
 * log_store_stats, kept by the ingest and by retention: no count over the lines themselves).
 */
export async function listLogStores({
  orgId,
  applicationId,
  db = prisma,
}: {
  orgId: string;
  applicationId?: string;
  db?: DbClient;
}): Promise<{ items: LogStoreView[] }> {
  const stores = await db.logStore.findMany({
    where: { orgId, ...(applicationId ? { applicationId } : {}), application: { deletedAt: null } },
    select: {
      id: true,
      applicationId: true,
      serviceId: true,
      name: true,
      source: true,
      ttlDays: true,
      application: { select: { name: true } },
    },
    orderBy: [{ applicationId: "asc" }, { name: "asc" }],
  });
  if (stores.length === 0) return { items: [] };
  const services = await db.appService.findMany({
    where: { orgId, id: { in: [...new Set(stores.map((s) => s.serviceId))] } },
    select: { id: true, name: true },
  });
  const serviceName = new Map(services.map((s) => [s.id, s.name]));
  const stats = await db.$queryRaw<StatRow[]>`
    SELECT application_id, service, store, sum(lines)::bigint AS lines, sum(bytes)::bigint AS bytes, max(last_ts) AS last_ts
    FROM log_store_stats WHERE org_id = ${orgId} ${applicationId ? Prisma.sql`AND application_id = ${applicationId}` : Prisma.empty}
    GROUP BY application_id, service, store`;
  const key = (app: string, service: string, store: string) => `${app}/${service}/${store}`;
  const byKey = new Map(stats.map((s) => [key(s.application_id, s.service, s.store), s]));
  return {
    items: stores.map((s) => {
      const service = serviceName.get(s.serviceId) ?? "";
      const st = byKey.get(key(s.applicationId, service, s.name));
      return {
        id: s.id,
        applicationId: s.applicationId,
        applicationName: s.application.name,
        serviceId: s.serviceId,
        service,
        name: s.name,
        source: s.source,
        ttlDays: s.ttlDays,
        lines: Number(st?.lines ?? 0),
        bytes: Number(st?.bytes ?? 0),
        lastLineAt: st?.last_ts?.toISOString() ?? null,
      };
    }),
  };
}
