import type { OrgContext } from "@/lib/auth/context";
import { prisma } from "@/lib/db";
import type { NewVersionInput } from "@/lib/schemas/applications";
import { clusterWarnings } from "./cluster-warnings";
import { readyNodes } from "./deploy/pin-placement";
import { compileNext } from "./next-version";
import { planDeployment } from "./plan-deployment";

/** What deploying this template over the application's current services would change. */
export async function previewVersion({ ctx, applicationId, input }: { ctx: OrgContext; applicationId: string; input: NewVersionInput }) {
  const { app, compiled, traffic, orgSlug } = await compileNext(ctx, applicationId, input);
  const [existing, cluster, nodes] = await Promise.all([
    prisma.appService.findMany({
      where: { applicationId },
      orderBy: [{ startOrder: "asc" }, { name: "asc" }],
      select: { name: true, swarmName: true, replicas: true, spec: true },
    }),
    clusterWarnings({ orgId: ctx.orgId, orgSlug, clusterId: app.clusterId, services: compiled.services }),
    readyNodes(app.clusterId),
  ]);
  // The steps a DEPLOY of this version would run (execute-deployment.ts passes the same options).
  return planDeployment({
    compiled,
    existing,
    traffic,
    clusterWarnings: cluster,
    nodes,
    options: { stopped: app.desiredState === "STOPPED" },
  });
}
