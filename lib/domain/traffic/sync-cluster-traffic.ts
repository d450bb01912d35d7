/**
 * The traffic sync of one cluster: makes every load balancer hold the listeners and pools that
 * desiredTraffic() computes. Only what changed since the last successful sync is sent (a task that
 * moved touches its one pool), so a change reaches HAProxy in one command round trip; a failed or
 * stale sync sends everything again.
 *
 * Generations (Cluster.trafficRequested / trafficSynced) make it safe against lost and merged jobs:
 * the sync reads the requested generation before it reads anything else, and records it as synced
 * only when every balancer took the result; if more changes were requested meanwhile, it runs again.
 */
import type { Prisma } from "@prisma/client";
import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { haproxySettingsSchema } from "@/lib/drivers/lb/settings";
import type { ListenerKey, LoadBalancerDriver } from "@/lib/drivers/lb/types";
import { storedTasks } from "@/lib/protocol/task-report";
import { lbDriver } from "./lb-driver";
import { lbDriverKind, settingsObject, toLbHandle } from "./lb-handle";
import { desiredTraffic, listenerId, type DesiredLoadBalancer, type DesiredPool, type TrafficInputs } from "./desired-traffic";
import { activeReleaseTraffic } from "./release-split";
import { clusterRoutingDomain } from "./routing-domain";
import { toJsonColumn } from "../json-column";
import { storedApplied, storedTrafficExtensions, type AppliedTraffic } from "./stored-traffic";

/** A balancer that has not been fully synced for this long gets everything sent again (cloud drift, lost state). */
export const FULL_SYNC_EVERY_MS = 60_000;
const MAX_ROUNDS = 20;

/** What the last successful sync applied (LoadBalancer.applied); its reader is in ./stored-traffic. */
export type { AppliedTraffic };

type LbRow = Awaited<ReturnType<typeof loadLoadBalancers>>[number];

function loadLoadBalancers(clusterId: string) {
  return prisma.loadBalancer.findMany({ where: { clusterId }, orderBy: { name: "asc" } });
}

/** The routing tier's ports: HAProxy's own settings (with that schema's defaults); other drivers do not route. */
const ROUTING_DEFAULTS = haproxySettingsSchema.parse({});
function routingPorts(lb: LbRow): { httpPort: number; httpsPort: number } {
  const parsed = lb.driver === "HAPROXY" ? haproxySettingsSchema.safeParse(settingsObject(lb.settings)) : null;
  const { httpPort, httpsPort } = parsed?.success ? parsed.data : ROUTING_DEFAULTS;
  return { httpPort, httpsPort };
}

async function loadInputs(clusterId: string, lbs: LbRow[]): Promise<TrafficInputs> {
  const cluster = await prisma.cluster.findUniqueOrThrow({
    where: { id: clusterId },
    select: { name: true, routingDomain: true, org: { select: { slug: true } } },
  });
  const [services, nodes, reports, releases] = await Promise.all([
    prisma.appService.findMany({
      where: { application: { clusterId, deletedAt: null, desiredState: "RUNNING" } },
      select: { id: true, name: true, swarmName: true, extensions: true, applicationId: true, application: { select: { name: true } } },
    }),
    prisma.node.findMany({
      where: { clusterId },
      select: { id: true, address: true, status: true, removedAt: true, removeRequestedAt: true },
    }),
    prisma.nodeTasks.findMany({ where: { clusterId }, select: { nodeId: true, tasks: true } }),
    activeReleaseTraffic(clusterId),
  ]);
  return {
    loadBalancers: lbs.map((lb) => ({ id: lb.id, name: lb.name, routing: lb.routing, ...routingPorts(lb) })),
    services: services.map((s) => ({
      applicationId: s.applicationId,
      appServiceId: s.id,
      appName: s.application.name,
      name: s.name,
      swarmName: s.swarmName,
      extensions: storedTrafficExtensions(s.extensions),
    })),
    nodes: nodes.map((n) => ({ id: n.id, address: n.address, status: n.status, removed: Boolean(n.removedAt ?? n.removeRequestedAt) })),
    tasks: reports.map((r) => ({ nodeId: r.nodeId, tasks: storedTasks(r.tasks) })),
    releases,
    routingDomain: clusterRoutingDomain({ name: cluster.name, routingDomain: cluster.routingDomain, orgSlug: cluster.org.slug }),
  };
}

export function appliedOf(lb: { applied: Prisma.JsonValue }): AppliedTraffic | null {
  return storedApplied(lb.applied);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const backendsView = (backends: DesiredPool["backends"]) =>
  backends.map((b) => ({ id: b.id, address: b.address, port: b.port, weight: b.weight, pool: b.pool }));

/** Brings one balancer to `desired`, sending only the difference from `previous` (everything when null). */
export async function applyToBalancer(
  driver: LoadBalancerDriver,
  lb: LbRow,
  desired: DesiredLoadBalancer,
  previous: AppliedTraffic | null,
): Promise<AppliedTraffic> {
  const handle = toLbHandle(lb);
  const prevSpecs = new Map((previous?.specs ?? []).map((s) => [listenerId(s), s]));
  const prevPools = new Map((previous?.listeners ?? []).map((l) => [listenerId(l as ListenerKey), l]));
  const wanted = new Set(desired.listeners.map((s) => listenerId(s)));

  for (const spec of desired.listeners) {
    if (!previous || !same(prevSpecs.get(listenerId(spec)), spec)) await driver.ensureListener(handle, spec);
  }
  for (const pool of desired.pools) {
    const before = prevPools.get(listenerId(pool.key));
    if (!previous || !before || !same(backendsView(before.backends), backendsView(pool.backends)))
      await driver.setBackends(
        handle,
        pool.key,
        pool.backends.map(({ nodeId: _n, ...b }) => b),
      );
  }
  // Listeners nobody binds any more: their pools are drained by deleteListener.
  for (const [id, spec] of prevSpecs) {
    if (!wanted.has(id)) await driver.deleteListener(handle, { port: spec.port, protocol: spec.protocol });
  }
  return {
    at: new Date().toISOString(),
    specs: desired.listeners,
    listeners: desired.pools.map((p) => ({
      port: p.key.port,
      protocol: p.key.protocol,
      ...(p.key.route ? { route: p.key.route } : {}),
      ...(p.hosts ? { hosts: p.hosts, pathPrefix: p.pathPrefix } : {}),
      service: p.service,
      backends: p.backends,
    })),
  };
}

export type SyncResult = { rounds: number; generation: number; failed: string[] };

export async function syncClusterTraffic({
  clusterId,
  log,
  driver,
}: {
  clusterId: string;
  log?: Logger;
  driver?: (kind: ReturnType<typeof lbDriverKind>) => LoadBalancerDriver;
}): Promise<SyncResult> {
  let rounds = 0;
  for (;;) {
    rounds++;
    const cluster = await prisma.cluster.findUnique({ where: { id: clusterId }, select: { trafficRequested: true, trafficSynced: true } });
    if (!cluster) return { rounds, generation: 0, failed: [] };
    const generation = cluster.trafficRequested;
    const lbs = await loadLoadBalancers(clusterId);
    const failed: string[] = [];
    if (lbs.length) {
      const desired = desiredTraffic(await loadInputs(clusterId, lbs));
      // Balancers are independent: one cloud that fails must not hold the others back.
      await Promise.all(
        lbs.map(async (lb) => {
          const target = desired.get(lb.id);
          if (!target) return;
          const stale = !lb.lastSyncOk || !lb.lastSyncAt || Date.now() - lb.lastSyncAt.getTime() > FULL_SYNC_EVERY_MS;
          try {
            const applied = await applyToBalancer((driver ?? lbDriver)(lbDriverKind(lb.driver)), lb, target, stale ? null : appliedOf(lb));
            // A full sync refreshes lastSyncAt; an incremental one leaves it, so drift is still caught every minute.
            await prisma.loadBalancer.update({
              where: { id: lb.id },
              data: { applied: toJsonColumn(applied), lastSyncOk: true, lastSyncError: null, ...(stale ? { lastSyncAt: new Date() } : {}) },
            });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            failed.push(lb.name);
            log?.warn({ clusterId, lb: lb.name, error: message }, "load balancer sync failed");
            await prisma.loadBalancer.update({
              where: { id: lb.id },
              data: { lastSyncOk: false, lastSyncError: message.slice(0, 2000), lastSyncAt: new Date() },
            });
          }
        }),
      );
    }
    if (failed.length) return { rounds, generation, failed };
    await prisma.cluster.updateMany({ where: { id: clusterId, trafficSynced: { lt: generation } }, data: { trafficSynced: generation } });
    const now = await prisma.cluster.findUnique({ where: { id: clusterId }, select: { trafficRequested: true } });
    if (!now || now.trafficRequested <= generation || rounds >= MAX_ROUNDS) return { rounds, generation, failed };
  }
}
