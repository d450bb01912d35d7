/**
 * Which applications of a cluster send traffic through a load balancer: `lb.port_*` bindings
 * naming it (by name or id), and every routing rule when it is the cluster's routing balancer.
 * Deleting or renaming a balancer that is still bound would silently cut their traffic.
 */
import type { LbBinding, RoutingRule } from "@/lib/compose/extensions";
import type { DbClient } from "@/lib/db";

export type LbUser = { application: string; service: string; via: string };

type Extensions = { lb?: LbBinding[]; routing?: { rules?: RoutingRule[] } };

/**
 * `names`: the names a binding may use for the balancer (its name and id; just the old name when
 * checking a rename). `routing`: count routing rules too (it is, or stops being, the routing tier).
 */
export async function usersOfLoadBalancer({
  db,
  orgId,
  clusterId,
  names,
  routing,
}: {
  db: DbClient;
  orgId: string;
  clusterId: string;
  names: string[];
  routing: boolean;
}): Promise<LbUser[]> {
  const services = await db.appService.findMany({
    where: { orgId, application: { clusterId, deletedAt: null } },
    orderBy: [{ swarmName: "asc" }],
    select: { name: true, extensions: true, application: { select: { name: true } } },
  });
  const users: LbUser[] = [];
  for (const s of services) {
    const ext = (s.extensions ?? {}) as Extensions;
    for (const b of Array.isArray(ext.lb) ? ext.lb : []) {
      if (names.includes(b.lbName)) users.push({ application: s.application.name, service: s.name, via: b.label });
    }
    if (routing) {
      for (const rule of Array.isArray(ext.routing?.rules) ? ext.routing.rules : []) {
        if (rule.routes.some((r) => !r.internal))
          users.push({ application: s.application.name, service: s.name, via: `routing.port_${rule.containerPort}` });
      }
    }
  }
  return users;
}

/** "shop/web (aliyun.lb.port_8080), blog/web (routing.port_80)", at most 10 named. */
export function describeUsers(users: LbUser[]): string {
  const named = users
    .slice(0, 10)
    .map((u) => `${u.application}/${u.service} (${u.via})`)
    .join(", ");
  return users.length > 10 ? `${named} and ${users.length - 10} more` : named;
}
