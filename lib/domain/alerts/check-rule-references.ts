/**
 * A rule's references (cluster, node, application and service, load balancer, channels) must be
 * the rule's organisation's: anything else is answered like a reference to nothing (422 naming the
 * field), never a hint that another organisation's id exists. The organisation is in every where.
 */
import type { DbClient } from "@/lib/db";
import { invalidBody } from "@/lib/errors";

export type RuleReferences = {
  clusterId?: string | null;
  nodeId?: string | null;
  applicationId?: string | null;
  service?: string | null;
  loadBalancerId?: string | null;
  channelIds?: readonly string[];
};

export async function checkRuleReferences({ orgId, refs, db }: { orgId: string; refs: RuleReferences; db: DbClient }): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  const [cluster, node, app, lb, channels] = await Promise.all([
    refs.clusterId ? db.cluster.findFirst({ where: { id: refs.clusterId, orgId }, select: { id: true } }) : null,
    refs.nodeId ? db.node.findFirst({ where: { id: refs.nodeId, orgId, removedAt: null }, select: { id: true, clusterId: true } }) : null,
    refs.applicationId
      ? db.application.findFirst({
          where: { id: refs.applicationId, orgId, deletedAt: null },
          select: { id: true, clusterId: true, services: { select: { name: true } } },
        })
      : null,
    refs.loadBalancerId
      ? db.loadBalancer.findFirst({ where: { id: refs.loadBalancerId, orgId }, select: { id: true, clusterId: true } })
      : null,
    refs.channelIds?.length
      ? db.notificationChannel.findMany({ where: { id: { in: [...refs.channelIds] }, orgId }, select: { id: true } })
      : [],
  ]);
  if (refs.clusterId && !cluster) problems.push({ path: "clusterId", message: "no such cluster" });
  if (refs.nodeId && !node) problems.push({ path: "nodeId", message: "no such node" });
  if (refs.applicationId && !app) problems.push({ path: "applicationId", message: "no such application" });
  if (refs.loadBalancerId && !lb) problems.push({ path: "loadBalancerId", message: "no such load balancer" });
  if (app && refs.service && !app.services.some((s) => s.name === refs.service))
    problems.push({ path: "service", message: `the application has no service "${refs.service}"` });
  for (const [path, found] of [
    ["nodeId", node],
    ["applicationId", app],
    ["loadBalancerId", lb],
  ] as const) {
    if (refs.clusterId && found && found.clusterId !== refs.clusterId) problems.push({ path, message: "is not in the rule's cluster" });
  }
  const known = new Set(channels.map((c) => c.id));
  const missing = (refs.channelIds ?? []).filter((id) => !known.has(id));
  if (missing.length) problems.push({ path: "channelIds", message: `no such channel: ${missing.join(", ")}` });
  const invalid = invalidBody(problems);
  if (invalid) throw invalid;
}
