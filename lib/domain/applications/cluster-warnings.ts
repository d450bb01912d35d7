/**
 * What the cluster and the hosted registry can tell the preview before anything deploys: the
 * placement facts of cluster-fit.ts against the cluster's ready nodes, and every image in the hosted
 * registry looked up by its manifest (with Wharf's own registry token, as a pull would be
 * authorised): one the registry does not have, or one in another organisation's namespace (which
 * this organisation's pull credential cannot fetch), would leave the tasks rejected at deploy time.
 * Images on other registries are not looked up: the preview does not reach out to third parties.
 */
import { prisma } from "@/lib/db";
import { parseImageReference } from "@/lib/compose/valid-names";
import { namespaceOf } from "@/lib/drivers/registry/scopes";
import { getManifest } from "@/lib/drivers/registry/registry-client";
import { registrySettings } from "@/lib/drivers/registry/settings";
import { AppError } from "@/lib/errors";
import { inventorySchema } from "@/lib/protocol/inventory";
import type { ComposeIssue } from "@/lib/schemas/applications";
import { clusterFitWarnings, type FitNode } from "./cluster-fit";
import type { CompiledTemplate } from "./compile-template";
import { specImage } from "./service-facts";

type Services = CompiledTemplate["services"];

export async function clusterWarnings({
  orgId,
  orgSlug,
  clusterId,
  services,
}: {
  orgId: string;
  orgSlug: string;
  clusterId: string;
  services: Services;
}): Promise<ComposeIssue[]> {
  const [nodes, images] = await Promise.all([readyNodes(orgId, clusterId), hostedImageWarnings(orgSlug, services)]);
  return [...clusterFitWarnings({ services, nodes }), ...images];
}

/** The cluster's ready nodes as the preview judges placement against them. */
async function readyNodes(orgId: string, clusterId: string): Promise<FitNode[]> {
  const rows = await prisma.node.findMany({
    where: { orgId, clusterId, removedAt: null, status: "READY" },
    select: {
      hostname: true,
      swarmNodeId: true,
      role: true,
      swarmRole: true,
      labels: true,
      swarmLabels: true,
      gpuCount: true,
      availability: true,
      swarmAvailability: true,
      inventory: true,
    },
  });
  return rows.map((n) => ({
    hostname: n.hostname,
    swarmNodeId: n.swarmNodeId,
    role: n.swarmRole ?? n.role,
    labels: (n.swarmLabels ?? n.labels ?? {}) as Record<string, string>,
    gpuCount: n.gpuCount,
    schedulable: (n.swarmAvailability ?? n.availability) === "ACTIVE",
    volumeDrivers: inventorySchema.safeParse(n.inventory).data?.volumeDrivers ?? null,
  }));
}

const warning = (path: string, message: string): ComposeIssue => ({ severity: "warning", code: "image", path, message });

/** One warning per service whose hosted-registry image cannot be pulled, in the services' order. */
export async function hostedImageWarnings(orgSlug: string, services: Services): Promise<ComposeIssue[]> {
  const hosts = registrySettings().hosts;
  const checks = services.map(async (service): Promise<ComposeIssue | null> => {
    const image = specImage(service.spec);
    const parsed = parseImageReference(image);
    if (!parsed.ok || !hosts.includes((parsed.value.domain ?? "").toLowerCase())) return null;
    const at = `services.${service.name}.image`;
    const { path, tag, digest } = parsed.value;
    if (namespaceOf(path) !== orgSlug) {
      return warning(
        at,
        `${image} is in another organisation's namespace of the hosted registry; this organisation cannot pull it (use an image under ${orgSlug}/)`,
      );
    }
    try {
      if (await getManifest(path, digest ?? tag ?? "latest")) return null;
      return warning(
        at,
        `The hosted registry has no ${image}: push it first (docker push ${image}), or the tasks will be rejected with "No such image"`,
      );
    } catch (error) {
      // An unreachable registry is not the template's fault; say the check could not be made.
      if (error instanceof AppError) return warning(at, `Could not check that ${image} exists: ${error.message}`);
      throw error;
    }
  });
  return (await Promise.all(checks)).filter((w): w is ComposeIssue => w !== null);
}
