import type { LogStore as DeclaredStore } from "@/lib/compose/extensions";
import type { DbClient } from "@/lib/db";
import { envValue } from "@/lib/env";

export type SyncLogStoresOptions = {
  db: DbClient;
  orgId: string;
  applicationId: string;
  /** Every service of the version being made current, with the log stores its labels declare. */
  services: Array<{ id: string; stores: DeclaredStore[] }>;
};

/** Retention of a declared store: its `log_ttl_<name>`, else the installation's default; never above the maximum. */
export function storeTtlDays(store: Pick<DeclaredStore, "ttlDays">): number {
  const max = envValue("LOG_TTL_MAX_DAYS");
  return Math.min(store.ttlDays ?? envValue("LOG_TTL_DEFAULT_DAYS"), max);
}

/**
 * Makes the application's LogStore rows follow its services' labels, in the caller's transaction
 * (the one that syncs the services), like autoscaling rules: stores no longer declared — or of
 * services the version no longer has — are deleted (their lines age out with the default
 * retention), others are created or updated.
 */
export async function syncLogStores({ db, orgId, applicationId, services }: SyncLogStoresOptions): Promise<void> {
  const wanted = services.flatMap((s) =>
    s.stores.map((store) => ({
      serviceId: s.id,
      name: store.name,
      source: store.source.kind === "stdout" ? "stdout" : store.source.path,
      ttlDays: storeTtlDays(store),
    })),
  );
  const existing = await db.logStore.findMany({
    where: { applicationId, orgId },
    select: { id: true, serviceId: true, name: true, source: true, ttlDays: true },
  });
  const key = (s: { serviceId: string; name: string }) => `${s.serviceId}/${s.name}`;
  const want = new Map(wanted.map((w) => [key(w), w]));
  const gone = existing.filter((e) => !want.has(key(e))).map((e) => e.id);
  if (gone.length) await db.logStore.deleteMany({ where: { id: { in: gone }, orgId } });
  const have = new Map(existing.map((e) => [key(e), e]));
  for (const w of wanted) {
    const old = have.get(key(w));
    if (!old) await db.logStore.create({ data: { orgId, applicationId, ...w } });
    else if (old.source !== w.source || old.ttlDays !== w.ttlDays)
      await db.logStore.update({ where: { id: old.id }, data: { source: w.source, ttlDays: w.ttlDays } });
  }
}
