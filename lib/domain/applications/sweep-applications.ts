import { prisma } from "@/lib/db";
import { enqueue } from "@/lib/queue/enqueue";
import { applicationDeployJob, applicationReconcileJob } from "@/lib/queue/jobs";

/**
 * Repeatable: re-enqueues deployments left QUEUED or RUNNING (a lost job, a crashed worker) and
 * reconciles every live application against its cluster.
 */
export async function sweepApplications() {
  const pending = await prisma.deployment.findMany({
    where: { status: { in: ["QUEUED", "RUNNING"] } },
    distinct: ["applicationId"],
    select: { applicationId: true },
  });
  for (const d of pending) await enqueue(applicationDeployJob, { applicationId: d.applicationId });
  const live = await prisma.application.findMany({
    where: { deletedAt: null, desiredState: { not: "DELETED" }, currentVersionId: { not: null } },
    select: { id: true },
  });
  for (const a of live) await enqueue(applicationReconcileJob, { applicationId: a.id });
  return { deployments: pending.length, reconciles: live.length };
}
