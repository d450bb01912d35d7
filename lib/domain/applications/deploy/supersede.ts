/**
 * When a deployment is pointless because of a newer one queued after it: a queued one never runs,
 * and a running one stops at its next step (every step is "make it so", so the newer deployment
 * takes over from wherever it stopped).
 * A deploy or rollback applies the application's current version whole, so a newer deploy,
 * rollback or redeploy does everything the older one would; a delete makes anything before it moot.
 * Scale, stop, start and restart build on what ran before them, so they are never skipped, and they
 * supersede nothing. A running delete is never stopped: it would only be started again.
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
type Newer = { id: string; kind: string; orgId: string };

/** The newest queued deployment that makes `d` pointless, if any. */
export function newerSuperseding(d: Queued): Promise<Newer | null> {
  return prisma.deployment.findFirst({
    where: { applicationId: d.applicationId, status: "QUEUED", createdAt: { gt: d.createdAt }, kind: { in: supersededBy(d.kind) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, kind: true, orgId: true },
  });
}

/** Thrown at a running deployment's next step once a newer queued one makes it pointless. */
export class Superseded extends Error {
  constructor(readonly by: Newer) {
    super(`Stopped: superseded by a newer ${by.kind.toLowerCase()} queued while it ran`);
  }
}

/**
 * The check a running deployment makes between its steps (and while it waits for tasks): throws
 * Superseded when a newer queued deployment makes it pointless. None for a delete.
 */
export function supersededCheckpoint(running: Queued): (() => Promise<void>) | undefined {
  if (running.kind === "DELETE") return undefined;
  return async () => {
    const newer = await newerSuperseding(running);
    if (newer) throw new Superseded(newer);
  };
}

/**
 * Marks `queued` SUPERSEDED when a newer queued deployment makes it pointless; true when it did.
 * Only a deployment still QUEUED is touched here; a running one stops through its checkpoint.
 */
export async function supersedeIfPointless(queued: Queued): Promise<boolean> {
  const newer = await newerSuperseding(queued);
  if (!newer) return false;
  const message = `Superseded by a newer ${newer.kind.toLowerCase()} queued after it; it did not run`;
  const { count } = await prisma.deployment.updateMany({
    where: { id: queued.id, status: "QUEUED" },
    data: { status: "SUPERSEDED", finishedAt: new Date(), steps: [{ at: new Date().toISOString(), level: "info", message }] },
  });
  if (count === 0) return false;
  await recordEvent({
    orgId: newer.orgId,
    applicationId: queued.applicationId,
    type: `${queued.kind.toLowerCase()}.superseded`,
    message: `A queued ${queued.kind.toLowerCase()} was superseded by a newer ${newer.kind.toLowerCase()}`,
    details: { deploymentId: queued.id, supersededBy: newer.id },
  });
  return true;
}
