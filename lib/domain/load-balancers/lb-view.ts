/**
 * How a LoadBalancer row is shown: never its credentials (only whether there are some), the driver
 * as its kind ("haproxy"), and `applied` only when it has the shape the traffic sync writes.
 */
import type { Prisma } from "@prisma/client";
import { appliedSchema, type AppliedTrafficView } from "@/lib/schemas/load-balancers";
import { lbDriverKind, settingsObject } from "../traffic/lb-handle";

/** credentialsEnc is read only to answer hasCredentials; lbView drops it. */
export const lbSelect = {
  id: true,
  clusterId: true,
  name: true,
  driver: true,
  description: true,
  settings: true,
  credentialsEnc: true,
  routing: true,
  lastSyncAt: true,
  lastSyncOk: true,
  lastSyncError: true,
  applied: true,
  createdAt: true,
  updatedAt: true,
  cluster: { select: { name: true } },
} as const satisfies Prisma.LoadBalancerSelect;

export type LbRow = Prisma.LoadBalancerGetPayload<{ select: typeof lbSelect }>;

export function appliedView(applied: Prisma.JsonValue | null): AppliedTrafficView | null {
  const parsed = appliedSchema.safeParse(applied);
  return parsed.success ? parsed.data : null;
}

export function lbView(row: LbRow) {
  const { credentialsEnc, cluster, driver, settings, applied, ...rest } = row;
  return {
    ...rest,
    clusterName: cluster.name,
    driver: lbDriverKind(driver),
    settings: settingsObject(settings),
    hasCredentials: credentialsEnc !== null,
    applied: appliedView(applied),
  };
}

export type LbView = ReturnType<typeof lbView>;
