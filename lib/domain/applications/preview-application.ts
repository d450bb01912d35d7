import type { OrgContext } from "@/lib/auth/context";
import type { CreateApplicationInput } from "@/lib/schemas/applications";
import { clusterWarnings } from "./cluster-warnings";
import { compileForOrg } from "./compile-for-org";
import { readyNodes } from "./deploy/pin-placement";
import { planDeployment } from "./plan-deployment";

/** What deploying a new application would create. Validates everything; stores nothing. */
export async function previewApplication({ ctx, input }: { ctx: OrgContext; input: CreateApplicationInput }) {
  const { compiled, traffic, orgSlug } = await compileForOrg({
    ctx,
    name: input.name,
    clusterId: input.clusterId,
    compose: input.compose,
    env: input.env ?? {},
  });
  const [cluster, nodes] = await Promise.all([
    clusterWarnings({ orgId: ctx.orgId, orgSlug, clusterId: input.clusterId, services: compiled.services }),
    readyNodes(input.clusterId),
  ]);
  return planDeployment({ compiled, existing: [], traffic, clusterWarnings: cluster, nodes });
}
