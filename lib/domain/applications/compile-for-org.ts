import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { getWorkloadPolicy } from "../clusters/get-workload-policy";
import { clusterLoadBalancers } from "../load-balancers/cluster-load-balancers";
import { clusterRoutingDomain } from "../traffic/routing-domain";
import { compileTemplate } from "./compile-template";
import type { ClusterTraffic } from "./plan-deployment";

/**
 * Checks the cluster belongs to the organisation and compiles the template with its slug, against
 * the cluster's workload policy and load balancers (a binding to a balancer the cluster lacks is a
 * located error). Returns the cluster's traffic facts too, for the preview.
 */
export async function compileForOrg({
  ctx,
  name,
  clusterId,
  compose,
  env,
}: {
  ctx: Pick<OrgContext, "orgId">;
  name: string;
  clusterId: string;
  compose: string;
  env: Record<string, string>;
}) {
  const [policy, org, cluster, loadBalancers] = await Promise.all([
    getWorkloadPolicy({ orgId: ctx.orgId, clusterId }),
    prisma.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true } }),
    prisma.cluster.findFirst({ where: { id: clusterId, orgId: ctx.orgId }, select: { name: true, routingDomain: true } }),
    clusterLoadBalancers({ orgId: ctx.orgId, clusterId }),
  ]);
  if (!cluster) throw notFound("Cluster");
  const traffic: ClusterTraffic = {
    loadBalancers,
    routingDomain: clusterRoutingDomain({ name: cluster.name, routingDomain: cluster.routingDomain, orgSlug: org.slug }),
  };
  return {
    compiled: compileTemplate({ compose, env, appName: name, orgSlug: org.slug, policy, loadBalancers }),
    orgSlug: org.slug,
    traffic,
  };
}
