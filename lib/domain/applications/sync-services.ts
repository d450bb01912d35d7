import type { DbClient } from "@/lib/db";
import type { CompiledTemplate } from "./compile-template";
import { syncAutoscalingRules, type SyncAutoscalingOptions } from "../autoscaling/sync-autoscaling-rules";
import { syncLogStores, type SyncLogStoresOptions } from "../logs/sync-log-stores";
import { syncJobSchedules, type SyncJobSchedulesOptions } from "../service-jobs/sync-job-schedules";
import { markTrafficChanged } from "../traffic/request-sync";
import { nextServiceRows } from "./next-service-rows";
import { toJsonColumn } from "../json-column";

/**
 * Makes the application's service rows (the desired state) match a compiled template version
 * (names and replicas: next-service-rows.ts). Rows of services the version no longer has are deleted; the deployment removes them
 * from the swarm (their autoscaling rules and log stores go with them); the others' rules and log
 * stores follow their labels.
 */
export async function syncServices({
  db,
  orgId,
  applicationId,
  compiled,
  swarmNames,
}: {
  db: DbClient;
  orgId: string;
  applicationId: string;
  compiled: CompiledTemplate;
  /** Services that run under another Swarm name than compiled (the colour a release promoted). */
  swarmNames?: ReadonlyMap<string, string>;
}) {
  const existing = await db.appService.findMany({
    where: { applicationId },
    select: { id: true, name: true, swarmName: true, spec: true, replicas: true, latestImage: true },
  });
  const byName = new Map(existing.map((s) => [s.name, s]));
  const order = new Map(compiled.startOrder.flatMap((batch, i) => batch.map((name) => [name, i] as const)));
  const synced: SyncAutoscalingOptions["services"] = [];
  const logStores: SyncLogStoresOptions["services"] = [];
  const schedules: SyncJobSchedulesOptions["services"] = [];
  const next = nextServiceRows(existing, compiled, swarmNames);
  for (const [i, service] of compiled.services.entries()) {
    const old = byName.get(service.name);
    const data = {
      swarmName: next[i]?.swarmName ?? service.fullName,
      spec: toJsonColumn(service.spec),
      extensions: toJsonColumn(service.extensions),
      replicas: next[i]?.replicas ?? null,
      latestImage: service.extensions.latestImage || (old?.latestImage ?? false),
      startOrder: order.get(service.name) ?? 0,
    };
    if (old) await db.appService.update({ where: { id: old.id }, data });
    const id =
      old?.id ?? (await db.appService.create({ data: { orgId, applicationId, name: service.name, ...data }, select: { id: true } })).id;
    synced.push({ id, autoScaling: service.extensions.autoScaling });
    logStores.push({ id, stores: service.extensions.logs.stores });
    schedules.push({ id, schedule: service.extensions.schedule });
  }
  const removed = existing.filter((s) => !compiled.services.some((c) => c.name === s.name));
  if (removed.length) await db.appService.deleteMany({ where: { id: { in: removed.map((s) => s.id) } } });
  await syncAutoscalingRules({ db, orgId, applicationId, services: synced });
  await syncLogStores({ db, orgId, applicationId, services: logStores });
  await syncJobSchedules({ db, orgId, applicationId, services: schedules });
  // Bindings (lb.port_*, routing.port_*) may have changed: the traffic sweep applies them.
  const app = await db.application.findUnique({ where: { id: applicationId }, select: { clusterId: true } });
  if (app) await markTrafficChanged(app.clusterId, db);
  return { removed: removed.map((s) => s.name) };
}
