/**
 * How an active release shares its services' pools (the traffic layer's side of releases): a
 * rolling release weighs every task the same while it replaces them (drained ones 0); everything
 * else, and every release once it promotes or rolls back, splits by the new colour's percentage.
 */
import { prisma } from "@/lib/db";
import type { TrafficRelease } from "./desired-traffic";

export const ACTIVE_RELEASE_STATES = ["PENDING", "DEPLOYING", "VERIFYING", "PROMOTING", "ROLLING_BACK"] as const;

export type ReleaseServicePair = { name: string; from: string; to: string; replicas: number };

export function releaseServices(value: unknown): ReleaseServicePair[] {
  return Array.isArray(value)
    ? (value as ReleaseServicePair[]).filter((s) => s && typeof s.from === "string" && typeof s.to === "string")
    : [];
}

type ReleaseRow = {
  strategy: string;
  state: string;
  services: unknown;
  fromColour: string;
  toColour: string;
  toWeight: number;
  drained: string[];
};

export function releaseTraffic(r: ReleaseRow): TrafficRelease {
  const replacing = r.strategy === "ROLLING" && (r.state === "DEPLOYING" || r.state === "VERIFYING");
  return {
    services: releaseServices(r.services),
    fromColour: r.fromColour,
    toColour: r.toColour,
    toPercent: replacing ? null : r.toWeight,
    drained: r.drained,
  };
}

/** The active releases of a cluster's applications, as the traffic sync needs them. */
export async function activeReleaseTraffic(clusterId: string): Promise<TrafficRelease[]> {
  const rows = await prisma.release.findMany({
    where: { state: { in: [...ACTIVE_RELEASE_STATES] }, application: { clusterId } },
    select: { strategy: true, state: true, services: true, fromColour: true, toColour: true, toWeight: true, drained: true },
  });
  return rows.map(releaseTraffic);
}
