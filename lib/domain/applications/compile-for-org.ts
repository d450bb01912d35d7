import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { compileTemplate } from "./compile-template";

/** Checks the cluster belongs to the organisation and compiles the template with its slug. */
export async function compileForOrg({ ctx, name, clusterId, compose, env }: { ctx: OrgContext; name: string; clusterId: string; compose: string; env: Record<string, string> }) {
  const [cluster, org] = await Promise.all([
    prisma.cluster.findFirst({ where: { id: clusterId, orgId: ctx.orgId }, select: { id: true } }),
    prisma.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true } }),
  ]);
  if (!cluster) throw notFound("Cluster");
  return { compiled: compileTemplate({ compose, env, appName: name, orgSlug: org.slug }), orgSlug: org.slug };
}
