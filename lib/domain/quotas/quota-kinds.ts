/**
 * What an organisation is limited in, and the installation defaults (lib/env.ts) that apply while
 * an operator has not set a value of its own (the Organization.quota* column is null).
 */
import type { Env } from "@/lib/env";

export const QUOTA_KINDS = ["clusters", "nodes", "applications", "registryBytes"] as const;
export type QuotaKind = (typeof QUOTA_KINDS)[number];

/** The organisation's own setting per kind (null = installation default). */
export type QuotaOverrides = Record<QuotaKind, number | null>;

export const quotaColumns = {
  clusters: "quotaClusters",
  nodes: "quotaNodes",
  applications: "quotaApplications",
  registryBytes: "quotaRegistryBytes",
} as const;

export const quotaOverrideSelect = { quotaClusters: true, quotaNodes: true, quotaApplications: true, quotaRegistryBytes: true } as const;

type OverrideRow = {
  quotaClusters: number | null;
  quotaNodes: number | null;
  quotaApplications: number | null;
  quotaRegistryBytes: bigint | null;
};

export function overridesOf(row: OverrideRow): QuotaOverrides {
  return {
    clusters: row.quotaClusters,
    nodes: row.quotaNodes,
    applications: row.quotaApplications,
    registryBytes: row.quotaRegistryBytes === null ? null : Number(row.quotaRegistryBytes),
  };
}

export function quotaDefaults(
  env: Pick<Env, "QUOTA_DEFAULT_CLUSTERS" | "QUOTA_DEFAULT_NODES" | "QUOTA_DEFAULT_APPLICATIONS" | "QUOTA_DEFAULT_REGISTRY_BYTES">,
): Record<QuotaKind, number> {
  return {
    clusters: env.QUOTA_DEFAULT_CLUSTERS,
    nodes: env.QUOTA_DEFAULT_NODES,
    applications: env.QUOTA_DEFAULT_APPLICATIONS,
    registryBytes: env.QUOTA_DEFAULT_REGISTRY_BYTES,
  };
}

/** Words for messages: "3 clusters", "1 node", "10.0 GiB of registry storage". */
export function describeAmount(kind: QuotaKind, n: number): string {
  if (kind === "registryBytes") return `${formatBytes(n)} of registry storage`;
  const noun = { clusters: "cluster", nodes: "node", applications: "application" }[kind];
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function formatBytes(n: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v.toFixed(1)} ${units[u]}`;
}
