import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import { getWorkloadPolicy } from "../clusters/get-workload-policy";
import { compileTemplate } from "./compile-template";

/** Checks the cluster belongs to the organisation and compiles the template with its slug, against the cluster's workload policy. */
export async function compileForOrg({ ctx, name, clusterId, compose, env }: { ctx: OrgContext; name: string; clusterId: string; compose: string; env: Record<string, string> }) {
  const [policy, org] = await Promise.all([
    getWorkloadPolicy({ orgId: ctx.orgId, clusterId }),
    prisma.organization.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { slug: true } }),
  ]);
  return { compiled: compileTemplate({ compose, env, appName: name, orgSlug: org.slug, policy }), orgSlug: org.slug };
}
