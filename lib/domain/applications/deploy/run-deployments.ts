import { prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { withLock } from "@/lib/redis-lock";
import { executeDeployment } from "./execute-deployment";
import { supersedeIfPointless } from "./supersede";

/**
 * Runs an application's queued deployments one at a time, oldest first, under a per-application
 * lock (concurrent changes are serialised). A deployment left RUNNING by a crashed worker is
 * resumed first; a queued one that a newer one makes pointless is superseded, not run. If another
 * worker holds the lock, the job fails and BullMQ retries it later.
 */
export async function runDeployments({ applicationId, log }: { applicationId: string; log: Logger }) {
  return withLock(`app-deploy:${applicationId}`, async () => {
    let ran = 0;
    for (;;) {
      const next = await prisma.deployment.findFirst({
        where: { applicationId, status: { in: ["RUNNING", "QUEUED"] } },
        orderBy: [{ createdAt: "asc" }],
        select: { id: true, kind: true, status: true, steps: true, params: true, applicationId: true, createdAt: true },
      });
      if (!next) return { ran };
      if (next.status === "QUEUED" && (await supersedeIfPointless(next))) continue;
      await executeDeployment(next, log);
      ran++;
    }
  });
}
