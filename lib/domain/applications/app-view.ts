import { decryptSecret } from "@/lib/crypto";
import type { Prisma } from "@/lib/db";
import { liveReportSchema } from "@/lib/schemas/applications";
import { specImage, specMode, specPorts } from "./service-facts";

export const appSelect = {
  id: true,
  name: true,
  description: true,
  clusterId: true,
  desiredState: true,
  status: true,
  lastError: true,
  drift: true,
  envEnc: true,
  createdAt: true,
  updatedAt: true,
  currentVersionId: true,
  deployedVersionId: true,
  cluster: { select: { name: true } },
  services: {
    orderBy: [{ startOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true, swarmName: true, spec: true, replicas: true, latestImage: true },
  },
} as const satisfies Prisma.ApplicationSelect;

export type AppRow = Prisma.ApplicationGetPayload<{ select: typeof appSelect }>;

export function decryptEnv(envEnc: string | null): Record<string, string> {
  return envEnc ? (JSON.parse(decryptSecret(envEnc)) as Record<string, string>) : {};
}

export function toServiceView(s: AppRow["services"][number]) {
  const { mode } = specMode(s.spec);
  return {
    id: s.id,
    name: s.name,
    swarmName: s.swarmName,
    image: specImage(s.spec),
    mode,
    replicas: mode === "global" ? null : s.replicas,
    latestImage: s.latestImage,
    ports: specPorts(s.spec),
  };
}

/** The template versions the views of these rows name (current and deployed), for versionNumbers. */
export const appVersionIds = (rows: AppRow[]) => rows.flatMap((r) => [r.currentVersionId, r.deployedVersionId]);

/** The API's view of an application; variable values are never returned, only their names. */
export function toAppView(row: AppRow, versions: Map<string, number>) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    clusterId: row.clusterId,
    clusterName: row.cluster.name,
    desiredState: row.desiredState,
    status: row.status,
    lastError: row.lastError,
    // Reports written before it had this shape read as none; the next reconciliation rewrites it.
    drift: liveReportSchema.safeParse(row.drift).data ?? null,
    currentVersion: row.currentVersionId ? (versions.get(row.currentVersionId) ?? null) : null,
    deployedVersion: row.deployedVersionId ? (versions.get(row.deployedVersionId) ?? null) : null,
    envKeys: Object.keys(decryptEnv(row.envEnc)).sort(),
    services: row.services.map(toServiceView),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
