/**
 * An application's traffic for its page: per service, the URLs clients use, the backends each load
 * balancer holds for it (from what the last sync applied, LoadBalancer.applied) with live health
 * (driver.describe) and request / 5xx counters (driver.stats). Live reads run only on the
 * balancers this application uses, in parallel, each with a short deadline and shared briefly
 * between callers (live-reads.ts); a balancer that does not answer leaves its backends "unknown"
 * and says why in `errors`.
 */
import type { ServiceExtensions } from "@/lib/compose/extensions";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { ApplicationTraffic } from "@/lib/schemas/load-balancers";
import { clusterRoutingDomain } from "../traffic/routing-domain";
import { lbDriverKind, settingsObject } from "../traffic/lb-handle";
import { isLbNode } from "../traffic/lb-node-label";
import { appliedView } from "./lb-view";
import { liveReads, type LiveReads } from "./live-reads";
import { serviceEndpoints, type EndpointLb } from "./traffic-endpoints";

/** The console polls every 2 s; a live read that takes longer is reported, not waited for. */
const LIVE_TIMEOUT_MS = 2_500;

type Backend = ApplicationTraffic["services"][number]["backends"][number];
type Live = LiveReads;

function health(live: Live | undefined, address: string, port: number): Backend["health"] {
  if (!live?.observed.ok) return "unknown";
  for (const listener of live.observed.value.listeners) {
    const b = listener.backends.find((x) => x.address === address && x.port === port);
    if (!b) continue;
    if (b.state === "draining" || b.state === "maintenance") return b.state;
    return b.state === "down" || b.healthy === false ? "down" : "up";
  }
  return "unknown";
}

function counters(live: Live | undefined, key: { port: number; protocol: string; route?: string }, id: string) {
  if (!live?.stats.ok || !live.stats.value.available) return { requests: null, responses5xx: null };
  const listener = live.stats.value.listeners.find(
    (l) => l.port === key.port && l.protocol === key.protocol && (l.route ?? null) === (key.route ?? null),
  );
  const b = listener?.backends.find((x) => x.id === id);
  return b ? { requests: b.requests, responses5xx: b.responses5xx } : { requests: null, responses5xx: null };
}

async function loadApp(orgId: string, applicationId: string) {
  const app = await prisma.application.findFirst({
    where: { id: applicationId, orgId },
    select: {
      id: true,
      clusterId: true,
      services: { orderBy: [{ startOrder: "asc" }, { name: "asc" }], select: { id: true, name: true, swarmName: true, extensions: true } },
      cluster: { select: { name: true, routingDomain: true, org: { select: { slug: true } } } },
    },
  });
  if (!app) throw notFound("Application");
  const [lbs, nodes] = await Promise.all([
    prisma.loadBalancer.findMany({
      where: { orgId, clusterId: app.clusterId },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        clusterId: true,
        driver: true,
        routing: true,
        settings: true,
        credentialsEnc: true,
        applied: true,
        updatedAt: true,
      },
    }),
    prisma.node.findMany({
      where: { orgId, clusterId: app.clusterId },
      select: { id: true, hostname: true, address: true, labels: true, removedAt: true },
    }),
  ]);
  return { app, lbs, nodes };
}

export async function getApplicationTraffic({
  orgId,
  applicationId,
}: {
  orgId: string;
  applicationId: string;
}): Promise<ApplicationTraffic> {
  const { app, lbs, nodes } = await loadApp(orgId, applicationId);
  const routingDomain = clusterRoutingDomain({
    name: app.cluster.name,
    routingDomain: app.cluster.routingDomain,
    orgSlug: app.cluster.org.slug,
  });
  const endpointLbs: EndpointLb[] = lbs.map((lb) => ({
    id: lb.id,
    name: lb.name,
    driver: lbDriverKind(lb.driver),
    routing: lb.routing,
    settings: settingsObject(lb.settings),
  }));
  const lbNodes = nodes.flatMap((n) => (n.removedAt === null && n.address && isLbNode(n.labels) ? [{ address: n.address }] : []));
  const nodeNames = new Map(nodes.map((n) => [n.id, n.hostname]));

  const applied = lbs.map((lb) => ({
    lb,
    listeners: (appliedView(lb.applied)?.listeners ?? []).filter((l) => l.service.applicationId === app.id),
  }));
  const used = applied.filter((a) => a.listeners.length > 0);
  const live = new Map<string, Live>(
    await Promise.all(
      used.map(async ({ lb }): Promise<[string, Live]> => [lb.id, await liveReads(lb, lbDriverKind(lb.driver), LIVE_TIMEOUT_MS)]),
    ),
  );

  const services = app.services.map((s) => {
    const ext = (s.extensions ?? {}) as Partial<ServiceExtensions>;
    const backends: Backend[] = applied.flatMap(({ lb, listeners }) =>
      listeners
        .filter((l) => l.service.appServiceId === s.id)
        .flatMap((l) =>
          l.backends.map((b) => ({
            loadBalancerId: lb.id,
            loadBalancerName: lb.name,
            listener: `${l.protocol}:${l.port}${l.route ? ` ${l.route}` : ""}`,
            id: b.id,
            address: b.address,
            port: b.port,
            weight: b.weight,
            pool: b.pool,
            nodeId: b.nodeId ?? null,
            nodeName: b.nodeId ? (nodeNames.get(b.nodeId) ?? null) : null,
            health: health(live.get(lb.id), b.address, b.port),
            ...counters(live.get(lb.id), l, b.id),
          })),
        ),
    );
    return {
      appServiceId: s.id,
      name: s.name,
      swarmName: s.swarmName,
      endpoints: serviceEndpoints({
        lb: Array.isArray(ext.lb) ? ext.lb : [],
        rules: Array.isArray(ext.routing?.rules) ? ext.routing.rules : [],
        lbs: endpointLbs,
        lbNodes,
        routingDomain,
      }),
      backends,
    };
  });
  const errors = used.flatMap(({ lb }) => {
    const l = live.get(lb.id);
    const messages = [
      l && !l.observed.ok ? l.observed.error : null,
      l && !l.stats.ok && (l.observed.ok || l.stats.error !== l.observed.error) ? l.stats.error : null,
    ];
    return messages.filter((m): m is string => m !== null).map((message) => ({ loadBalancerName: lb.name, message }));
  });
  return { readAt: new Date().toISOString(), services, errors };
}
