/**
 * When a queued deployment is pointless because of a newer one queued after it: it never runs.
 * A deploy or rollback applies the application's current version whole, so a newer deploy,
 * rollback or redeploy does everything the older one would; a delete makes anything before it moot.
 * Scale, stop, start and restart build on what ran before them, so they are never skipped, and they
 * supersede nothing.
 */
import { prisma } from "@/lib/db";
import type { DeploymentKind } from "../queue-deployment";
import { recordEvent } from "../record-event";

const REPLACES_WHOLE: readonly DeploymentKind[] = ["DEPLOY", "ROLLBACK"];

/** The kinds of newer deployment that make a queued one of `kind` pointless. */
export function supersededBy(kind: string): DeploymentKind[] {
  return REPLACES_WHOLE.includes(kind as DeploymentKind) ? ["DEPLOY", "ROLLBACK", "REDEPLOY", "DELETE"] : ["DELETE"];
}

type Queued = { id: string; kind: string; applicationId: string; createdAt: Date };

/**
 * Marks `queued` SUPERSEDED when a newer queued deployment makes it pointless; true when it did.
 * Only a deployment still QUEUED is touched (one already picked up runs to its end).
 */
export async function supersedeIfPointless(queued: Queued): Promise<boolean> {
  const newer = await prisma.deployment.findFirst({
    where: { applicationId: queued.applicationId, status: "QUEUED", createdAt: { gt: queued.createdAt }, kind: { in: supersededBy(queued.kind) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, orgId: true },
  });
  if (!newer) return false;
  const message = `Superseded by a newer ${newer.kind.toLowerCase()} queued after it; it did not run`;
  const { count } = await prisma.deployment.updateMany({
    where: { id: queued.id, status: "QUEUED" },
    data: { status: "SUPERSEDED", finishedAt: new Date(), steps: [{ at: new Date().toISOString(), level: "info", message }] },
  });
  if (count === 0) return false;
  await recordEvent({ orgId: newer.orgId, applicationId: queued.applicationId, type: `${queued.kind.toLowerCase()}.superseded`, message: `A queued ${queued.kind.toLowerCase()} was superseded by a newer ${newer.kind.toLowerCase()}`, details: { deploymentId: queued.id, supersededBy: newer.id } });
  return true;
}
