import { prisma, Prisma } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import type { CommandResult } from "@/lib/protocol/commands";
import { finishRun } from "./finish-run";
import { runOutcome } from "./run-outcome";

type RecordDeployRunsOptions = {
  app: { id: string; orgId: string };
  managerId: string;
  /** The deployment's last services.status (after convergence, or when a job failed). */
  status: CommandResult<"services.status">;
  startedAt: Date;
  log: Logger;
};

/**
 * A deployment that creates or updates a job-mode service runs it (Swarm starts a new iteration):
 * each finished iteration not recorded yet becomes a DEPLOY run with its exit code and logs. UNIQUE
 * (serviceId, iteration) keeps a resumed deployment from recording one twice.
 */
export async function recordDeployRuns({ app, managerId, status, startedAt, log }: RecordDeployRunsOptions) {
  const services = await prisma.appService.findMany({
    where: { applicationId: app.id, swarmName: { in: status.services.filter((s) => s.job).map((s) => s.name) } },
    select: { id: true, name: true, swarmName: true },
  });
  for (const service of services) {
    const outcome = runOutcome(status, service.swarmName);
    if (outcome.state !== "SUCCEEDED" && outcome.state !== "FAILED") continue;
    let run;
    try {
      run = await prisma.serviceRun.create({
        data: {
          orgId: app.orgId,
          applicationId: app.id,
          serviceId: service.id,
          trigger: "DEPLOY",
          iteration: outcome.iteration,
          status: "RUNNING",
          startedAt,
        },
        select: { id: true, orgId: true, applicationId: true, startedAt: true, trigger: true },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue; // recorded already
      throw error;
    }
    await finishRun({ run, service, managerId, outcome, log });
  }
}
